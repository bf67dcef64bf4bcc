// Types for spdx-expression-parse 5 (the package ships none): a CommonJS function that parses an
// SPDX licence expression into a tree and throws on anything else.
declare module 'spdx-expression-parse' {
  namespace parse {
    interface LicenseNode {
      license: string;
      plus?: true;
      exception?: string;
    }
    interface ConjunctionNode {
      left: ExpressionNode;
      conjunction: 'and' | 'or';
      right: ExpressionNode;
    }
    type ExpressionNode = LicenseNode | ConjunctionNode;
  }
  function parse(source: string): parse.ExpressionNode;
  export = parse;
}
