// DEPLOY-BUILDPACK: the build plan of every application, as Google Cloud's buildpacks would make it
// (attached to the report as `buildpackPlan`), and an error for a folder in a language Connect
// does not build. The other buildpack/* checks judge the individual parts of the plan.
import { plansForChecks, summarisePlan } from '../../analyzers/buildpack/plan.js';
import { defineCheck } from '../../engine/types.js';

export default defineCheck({
  id: 'buildpack/plan',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'Each application is a Node.js or Java project the buildpacks can plan',
  rationale:
    'Connect builds applications with Google Cloud\'s buildpacks and supports Node.js (npm or Yarn) and Java (Maven) only; "You cannot bring your own buildpacks or configure the buildpacks".',
  remediation:
    'Write the application in JavaScript/TypeScript with a package.json (recommended) or in Java with a Maven pom.xml.',
  run(ctx) {
    const result = plansForChecks(ctx.workspace);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    ctx.attach('buildpackPlan', result.plans.map(summarisePlan));
    for (const plan of result.plans) {
      if (plan.language !== 'unsupported' || !plan.otherLanguage) continue;
      ctx.report({
        severity: 'error',
        application: plan.application,
        file: plan.otherLanguage.marker,
        message: `Application "${plan.application}": ${plan.realFolder}/ is a ${plan.otherLanguage.language} project (${plan.otherLanguage.marker}) without package.json or pom.xml; Connect builds only Node.js and Java (Maven) applications`,
      });
    }
  },
});
