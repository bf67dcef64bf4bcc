// `mc-app` and `unknown` pass the CLI's schema but are not application types of Connect's API.
import { defineCheck } from '../../engine/types.js';
import { connectSpecOf } from '../../analyzers/connect-spec/parse.js';
import { locate } from '../../analyzers/connect-spec/locate.js';

/** Types the CLI schema accepts that Connect's API (ConnectorConfigurationApplication) does not list, with advice. */
export const DISCOURAGED_APPLICATION_TYPES: Readonly<Record<string, string>> = {
  'mc-app': 'a CLI alias of merchant-center-custom-application; declare applicationType: merchant-center-custom-application',
  unknown: "the CLI's internal catch-all; declare the real type (service, event, job, assets, merchant-center-custom-application or merchant-center-custom-view)",
};

export default defineCheck({
  id: 'connect-yaml/application-type',
  requirement: 'DEPLOY-SPEC',
  title: 'Applications use a type Connect’s API lists',
  rationale:
    "Connect's API knows the application types service, event, job, assets, merchant-center-custom-application and " +
    "merchant-center-custom-view. The CLI's schema also accepts mc-app (an alias) and unknown (an internal catch-all); " +
    'whether the Connect backend accepts them is not documented, so they are warnings.',
  remediation: 'Use applicationType merchant-center-custom-application instead of mc-app, and the real type instead of unknown.',
  run(ctx) {
    const parse = connectSpecOf(ctx.workspace);
    for (const app of parse.spec.applications) {
      const advice = Object.hasOwn(DISCOURAGED_APPLICATION_TYPES, app.applicationType) ? DISCOURAGED_APPLICATION_TYPES[app.applicationType] : undefined;
      if (!advice) continue;
      ctx.report({
        severity: 'warning',
        message: `${parse.file} deployAs.${app.index}.applicationType: "${app.applicationType}" is not an application type of Connect's API: ${advice}`,
        ...locate(parse, ['deployAs', app.index, 'applicationType']),
        ...(app.name ? { application: app.name } : {}),
      });
    }
  },
});
