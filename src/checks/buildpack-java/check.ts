// DEPLOY-BUILDPACK: Java applications are Maven projects. Connect builds Java (including the
// postDeploy/preUndeploy scripts) with Maven and needs pom.xml in the application folder; Java LTS
// versions are supported (17 preferred, 11 documented). The version comes from project.toml's
// GOOGLE_RUNTIME_VERSION or the pom's compiler properties.
import { javaMajor, plansForChecks, type BuildpackPlan } from '../../analyzers/buildpack/plan.js';
import { DOCUMENTED_JAVA_VERSIONS, JAVA_LTS_VERSIONS, PREFERRED_JAVA_VERSION } from '../../analyzers/buildpack/runtimes.js';
import { defineCheck, type FindingInput } from '../../engine/types.js';

export default defineCheck({
  id: 'buildpack/java',
  requirement: 'DEPLOY-BUILDPACK',
  title: 'Java applications are Maven projects on a supported Java LTS',
  rationale: `Connect builds Java applications with Maven only (pom.xml required) and supports Java LTS releases, ${PREFERRED_JAVA_VERSION} preferred.`,
  remediation: `Provide a pom.xml in the application folder and target Java ${PREFERRED_JAVA_VERSION} (e.g. <java.version>${PREFERRED_JAVA_VERSION}</java.version>, and GOOGLE_RUNTIME_VERSION=${PREFERRED_JAVA_VERSION} in project.toml).`,
  run(ctx) {
    const result = plansForChecks(ctx.workspace);
    if (result.skip !== undefined) return ctx.skip(result.skip);
    const javaPlans = result.plans.filter((p) => p.folderExists && p.language === 'java');
    if (javaPlans.length === 0) return ctx.skip('no Java applications');
    for (const plan of javaPlans) for (const finding of javaFindings(plan)) ctx.report(finding);
  },
});

function javaFindings(plan: BuildpackPlan): FindingInput[] {
  const java = plan.java!;
  const application = plan.application;
  if (!java.pom) {
    return [
      {
        severity: 'error',
        application,
        file: java.gradleFile ?? plan.realFolder,
        message: `Application "${application}": ${plan.realFolder}/ has no pom.xml${java.gradleFile ? ` (it is a Gradle project: ${java.gradleFile})` : ''}; Connect builds Java applications with Maven only`,
      },
    ];
  }
  if (!java.pomValid) {
    return [{ severity: 'error', application, file: java.pom, message: `${java.pom} is not a Maven POM (no <project> element)` }];
  }
  const out: FindingInput[] = [];
  const versions: { value: string; where: string; file: string }[] = [];
  if (java.runtimeVersion) versions.push({ value: java.runtimeVersion.value, where: `GOOGLE_RUNTIME_VERSION in ${java.runtimeVersion.file}`, file: java.runtimeVersion.file });
  if (java.javaVersion) versions.push({ value: java.javaVersion.value, where: `<${java.javaVersion.property}> in ${java.pom}`, file: java.pom });
  for (const version of versions) {
    const major = javaMajor(version.value);
    if (major === undefined) continue;
    if (!JAVA_LTS_VERSIONS.includes(major)) {
      out.push({ severity: 'warning', application, file: version.file, message: `${version.where} selects Java ${version.value}, which is not an LTS release; Connect supports Java LTS versions (${PREFERRED_JAVA_VERSION} preferred)` });
    } else if (!DOCUMENTED_JAVA_VERSIONS.includes(major)) {
      out.push({ severity: 'info', application, file: version.file, message: `${version.where} selects Java ${major}; Connect's documentation names Java ${DOCUMENTED_JAVA_VERSIONS.join(' and ')} (${PREFERRED_JAVA_VERSION} preferred)` });
    }
  }
  const [runtime, compiler] = [java.runtimeVersion, java.javaVersion];
  if (runtime && compiler && javaMajor(runtime.value) !== undefined && javaMajor(runtime.value) !== javaMajor(compiler.value)) {
    out.push({
      severity: 'warning',
      application,
      file: runtime.file,
      message: `GOOGLE_RUNTIME_VERSION ${runtime.value} in ${runtime.file} differs from <${compiler.property}>${compiler.value}</${compiler.property}> in ${java.pom}; the code is compiled for one Java and run on another (and Connect's local validation replaces project.toml)`,
    });
  }
  return out;
}
