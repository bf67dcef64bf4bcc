// The API Extension's decision, as a pure function: commercetools sends the cart being created or
// updated; we answer with no update actions (accept) or with errors (reject the request).
// Reference: https://docs.commercetools.com/api/projects/api-extensions

export interface LineItem {
  id?: string;
  sku?: string;
  quantity?: number;
  variant?: { sku?: string };
}

export interface ExtensionInput {
  action?: string;
  resource?: { typeId?: string; id?: string; obj?: { lineItems?: LineItem[] } };
}

export interface ExtensionError {
  code: 'InvalidInput';
  message: string;
  extensionExtraInfo?: Record<string, unknown>;
}

export type ExtensionDecision =
  | { status: 200; body: { actions: [] } }
  | { status: 400; body: { errors: ExtensionError[] } };

export function isExtensionInput(value: unknown): value is ExtensionInput {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function decideCart(input: ExtensionInput, maxLineItemQuantity: number): ExtensionDecision {
  const accept: ExtensionDecision = { status: 200, body: { actions: [] } };
  if (input.resource?.typeId !== 'cart') return accept;
  const lineItems = input.resource.obj?.lineItems ?? [];
  const errors: ExtensionError[] = [];
  for (const item of lineItems) {
    const quantity = item.quantity ?? 0;
    if (quantity > maxLineItemQuantity) {
      const sku = item.variant?.sku ?? item.sku ?? item.id ?? 'unknown';
      errors.push({
        code: 'InvalidInput',
        message: `Line item ${sku} has quantity ${quantity}; at most ${maxLineItemQuantity} units per item are allowed.`,
        extensionExtraInfo: { lineItemId: item.id, sku, quantity, maxLineItemQuantity },
      });
    }
  }
  return errors.length === 0 ? accept : { status: 400, body: { errors } };
}
