#!/usr/bin/env node
// Renders every overlay of deploy/k8s (or the kustomization folders named as arguments) with `kubectl kustomize`
// and checks every object it yields:
//   1. its apiVersion and kind are a built-in Kubernetes model (an unknown kind, such as a custom resource or a
//      misspelt apiVersion, fails);
//   2. it validates against that model's OpenAPI schema (the schemas kubernetes-models bundles);
//   3. strict fields: no field the schema does not know (a misspelt `periodSecond` passes the schemas, which allow
//      extra fields, but an apiserver's strict field validation refuses it);
//   4. references within the overlay: ConfigMaps the pods read, the Services', budgets' and autoscalers' targets,
//      the Ingress's backends, the named ports the probes and Services use.
// Prints one line per overlay and exits 1 if anything failed. Secrets are created outside the manifests, so their
// names are listed, not checked.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const overlaysDir = path.resolve(here, "..", "overlays");

const targets = process.argv.length > 2
  ? process.argv.slice(2).map((dir) => path.resolve(dir))
  : readdirSync(overlaysDir)
      .filter((name) => existsSync(path.join(overlaysDir, name, "kustomization.yaml")))
      .sort()
      .map((name) => path.join(overlaysDir, name));
if (targets.length === 0) {
  console.error(`no overlays under ${overlaysDir}`);
  process.exit(1);
}

// ---- 1. apiVersion and kind → the model class -------------------------------------------------------------------
const API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !API_VERSION.test(apiVersion) || typeof kind !== "string") {
    return null;
  }
  let group;
  try {
    group = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return null;
  }
  const model = Object.hasOwn(group, kind) ? group[kind] : undefined;
  return model && model.apiVersion === apiVersion && model.kind === kind ? model : null;
}

// ---- 3. strict fields, from the models' type declarations ----------------------------------------------------------
// Each model's .d.ts declares an interface with every field of the schema ("name"?: Type;) and imports the types of
// its nested objects, so the walk follows the same tree as the schema.
const interfaces = new Map(); // .d.ts file → { fields: Map(name → type), imports: Map(type name → .d.ts file) } | null

function declarationOf(jsUrl) {
  return fileURLToPath(jsUrl).replace(/\.js$/, ".d.ts");
}

function interfaceIn(file) {
  if (interfaces.has(file)) {
    return interfaces.get(file);
  }
  let found = null;
  const lines = readFileSync(file, "utf8").split("\n");
  const start = lines.findIndex((line) => /^export interface I\w+( extends [^{]+)? \{$/.test(line));
  if (start >= 0) {
    const imports = new Map();
    for (const line of lines) {
      const m = /^import \{ ([^}]+) \} from "([^"]+)";$/.exec(line);
      if (m) {
        const target = m[2].startsWith(".")
          ? path.resolve(path.dirname(file), m[2]).replace(/\.js$/, ".d.ts")
          : declarationOf(import.meta.resolve(m[2]));
        for (const name of m[1].split(",")) {
          imports.set(name.trim(), target);
        }
      }
    }
    found = { fields: new Map(), imports };
    for (let i = start + 1; i < lines.length && lines[i] !== "}"; i++) {
      const m = /^ {4}"([^"]+)"\??: (.*)$/.exec(lines[i]);
      if (!m) {
        continue;
      }
      if (m[2] === "{") { // a map: {\n [key: string]: Type;\n }
        const value = /^\s+\[key: string\]: (.*);$/.exec(lines[i + 1]);
        found.fields.set(m[1], { map: value ? value[1] : "unknown" });
      } else {
        found.fields.set(m[1], m[2].replace(/;$/, ""));
      }
    }
  }
  interfaces.set(file, found);
  return found;
}

function checkFields(value, file, where, errors) {
  const type = interfaceIn(file);
  if (!type || value === null || typeof value !== "object" || Array.isArray(value)) {
    return; // a scalar, a quantity, an int-or-string: the schema has checked it
  }
  for (const [name, child] of Object.entries(value)) {
    const at = where ? `${where}.${name}` : name;
    if (!type.fields.has(name)) {
      errors.push(`${at}: unknown field`);
      continue;
    }
    const declared = type.fields.get(name);
    if (typeof declared === "object") {
      if (child && typeof child === "object") {
        for (const [key, item] of Object.entries(child)) {
          checkTyped(item, declared.map, type, `${at}.${key}`, errors);
        }
      }
    } else {
      checkTyped(child, declared, type, at, errors);
    }
  }
}

function checkTyped(value, declared, owner, where, errors) {
  const array = /^Array<(I\w+)>$/.exec(declared);
  if (array && Array.isArray(value) && owner.imports.has(array[1])) {
    value.forEach((item, i) => checkFields(item, owner.imports.get(array[1]), `${where}[${i}]`, errors));
  } else if (owner.imports.has(declared)) {
    checkFields(value, owner.imports.get(declared), where, errors);
  }
}

// ---- 4. references within the overlay ------------------------------------------------------------------------------
function podTemplateOf(object) {
  switch (object.kind) {
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return object.spec?.template;
    case "CronJob":
      return object.spec?.jobTemplate?.spec?.template;
    default:
      return undefined;
  }
}

function matches(selector, labels) {
  return Object.keys(selector ?? {}).length > 0
    && Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function checkReferences(objects, secrets) {
  const errors = [];
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const workloads = objects.filter((o) => podTemplateOf(o));
  const podsMatching = (selector) => workloads.filter((w) => matches(selector, podTemplateOf(w).metadata?.labels));
  const portNames = (w) => new Set((podTemplateOf(w).spec?.containers ?? [])
    .flatMap((c) => c.ports ?? []).map((p) => p.name).filter(Boolean));
  // secrets: name → whether some object needs it (not optional)
  const secret = (name, optional) => secrets.set(name, secrets.get(name) || !optional);
  const configMap = (name, optional, who) => {
    if (!optional && !named("ConfigMap", name)) {
      errors.push(`${who}: reads ConfigMap ${name}, which the overlay does not make`);
    }
  };

  for (const w of workloads) {
    const who = `${w.kind}/${w.metadata.name}`;
    const template = podTemplateOf(w);
    if (w.spec?.selector?.matchLabels && !matches(w.spec.selector.matchLabels, template.metadata?.labels)) {
      errors.push(`${who}: its selector does not match its pod template's labels`);
    }
    if (w.kind === "StatefulSet" && w.spec.serviceName && !named("Service", w.spec.serviceName)) {
      errors.push(`${who}: serviceName ${w.spec.serviceName} is not a Service of the overlay`);
    }
    const spec = template.spec ?? {};
    for (const volume of spec.volumes ?? []) {
      if (volume.configMap) configMap(volume.configMap.name, volume.configMap.optional, who);
      if (volume.secret) secret(volume.secret.secretName, volume.secret.optional);
    }
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const ports = new Set((c.ports ?? []).map((p) => p.name).filter(Boolean));
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) configMap(from.configMapRef.name, from.configMapRef.optional, who);
        if (from.secretRef) secret(from.secretRef.name, from.secretRef.optional);
      }
      for (const env of c.env ?? []) {
        const ref = env.valueFrom?.configMapKeyRef;
        if (ref) {
          configMap(ref.name, ref.optional, who);
          const map = named("ConfigMap", ref.name);
          if (map && !ref.optional && !(ref.key in (map.data ?? {}))) {
            errors.push(`${who}: ${env.name} reads key ${ref.key} of ConfigMap ${ref.name}, which has no such key`);
          }
        }
        if (env.valueFrom?.secretKeyRef) secret(env.valueFrom.secretKeyRef.name, env.valueFrom.secretKeyRef.optional);
      }
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port;
        if (typeof port === "string" && !ports.has(port)) {
          errors.push(`${who}: the ${probe} of container ${c.name} uses port ${port}, which it does not name`);
        }
      }
    }
  }

  for (const service of objects.filter((o) => o.kind === "Service" && o.spec?.selector)) {
    const who = `Service/${service.metadata.name}`;
    const pods = podsMatching(service.spec.selector);
    if (pods.length === 0) {
      errors.push(`${who}: its selector matches no pod template of the overlay`);
    }
    for (const port of service.spec.ports ?? []) {
      if (typeof port.targetPort === "string" && !pods.every((w) => portNames(w).has(port.targetPort))) {
        errors.push(`${who}: targetPort ${port.targetPort} is not a port name of the pods it selects`);
      }
    }
  }
  for (const budget of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    if (podsMatching(budget.spec?.selector?.matchLabels).length === 0) {
      errors.push(`PodDisruptionBudget/${budget.metadata.name}: its selector matches no pod template of the overlay`);
    }
  }
  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = named(ref.kind, ref.name);
    if (!target || target.apiVersion !== ref.apiVersion) {
      errors.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: no ${ref.apiVersion} ${ref.kind}/${ref.name} in the overlay`);
    } else {
      for (const metric of hpa.spec.metrics ?? []) {
        const resource = metric.resource?.name;
        const containers = podTemplateOf(target)?.spec?.containers ?? [];
        if (metric.type === "Resource" && metric.resource.target?.type === "Utilization"
            && containers.some((c) => !c.resources?.requests?.[resource])) {
          errors.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: scales on ${resource} utilisation, but a container of ${ref.kind}/${ref.name} requests no ${resource}`);
        }
      }
      if (target.spec?.replicas !== undefined) {
        errors.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: ${ref.kind}/${ref.name} sets replicas, which every apply would reset`);
      }
    }
  }
  for (const ingress of objects.filter((o) => o.kind === "Ingress")) {
    for (const tls of ingress.spec?.tls ?? []) {
      if (tls.secretName) secret(tls.secretName, false);
    }
    const backends = (ingress.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.backend?.service);
    for (const backend of backends.filter(Boolean)) {
      const service = named("Service", backend.name);
      const ports = service?.spec?.ports ?? [];
      if (!service) {
        errors.push(`Ingress/${ingress.metadata.name}: backend Service ${backend.name} is not in the overlay`);
      } else if (!ports.some((p) => (backend.port?.name ? p.name === backend.port.name : p.port === backend.port?.number))) {
        errors.push(`Ingress/${ingress.metadata.name}: Service ${backend.name} has no port ${backend.port?.name ?? backend.port?.number}`);
      }
    }
  }
  return errors;
}

// ---- one overlay ---------------------------------------------------------------------------------------------------
async function validateOverlay(dir) {
  const name = path.relative(overlaysDir, dir).startsWith("..") ? dir : path.relative(overlaysDir, dir);
  let rendered;
  try {
    rendered = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    console.log(`${name}: FAILED: kubectl kustomize: ${(e.stderr || e.message).trim()}`);
    return false;
  }
  const problems = [];
  const objects = [];
  for (const doc of parseAllDocuments(rendered)) {
    if (doc.errors.length > 0) {
      problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  }
  for (const object of objects) {
    const who = `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
    const model = await modelFor(object?.apiVersion, object?.kind);
    if (!model) {
      problems.push(`${who}: unknown apiVersion/kind ${object?.apiVersion} ${object?.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (e) {
      const details = Array.isArray(e.errors) && e.errors.length > 0
        ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message ?? x.keyword} ${x.params ? JSON.stringify(x.params) : ""}`.trim()).join("; ")
        : e.message;
      problems.push(`${who}: ${details}`);
    }
    const unknown = [];
    checkFields(object, declarationOf(import.meta.resolve(`kubernetes-models/${object.apiVersion}/${object.kind}`)), "", unknown);
    problems.push(...unknown.map((p) => `${who}: ${p}`));
  }
  const secrets = new Map();
  if (problems.length === 0) {
    problems.push(...checkReferences(objects, secrets));
  }
  if (objects.length === 0) {
    problems.push("renders no object");
  }
  if (problems.length > 0) {
    console.log(`${name}: FAILED (${problems.length} problem${problems.length > 1 ? "s" : ""} in ${objects.length} objects)`);
    for (const p of problems) {
      console.log(`  ${p}`);
    }
    return false;
  }
  const counts = new Map();
  for (const o of objects) {
    counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  }
  const kinds = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(", ");
  console.log(`${name}: OK, ${objects.length} objects valid (schema, strict fields, references): ${kinds}; `
    + `Secrets to create: ${[...secrets].sort(([a], [b]) => a.localeCompare(b))
      .map(([s, needed]) => (needed ? s : `${s} (optional)`)).join(", ") || "none"}`);
  return true;
}

let ok = true;
for (const dir of targets) {
  ok = (await validateOverlay(dir)) && ok;
}
process.exit(ok ? 0 : 1);
