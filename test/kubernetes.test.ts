/*
 * The Kubernetes base (deploy/kubernetes/base), checked without a cluster: every object valid
 * against the Kubernetes API schemas (kubernetes-models' validators), then what an operator
 * relies on — probes on /readyz and /healthz, autoscalers and disruption budgets that find their
 * workloads, secrets referenced and never inlined, and network policies under which only the
 * gateway reaches the subgraphs and each subgraph reaches only its own database.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy as NetworkPolicyModel } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Namespace, ConfigMap, Service } from 'kubernetes-models/v1';
import { parse, parseAllDocuments } from 'yaml';

import { SUBGRAPH_NAMES } from '../schema/subgraph-names.js';

import { ROOT } from './support/compose.js';
import {
  allowed,
  matches,
  type Endpoint,
  type LabelSelector,
  type NamespacePolicies,
  type NetworkPolicy,
} from './support/network-policy.js';

const BASE = path.join(ROOT, 'deploy', 'kubernetes', 'base');
const NAMESPACE = 'interagency-hub';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;

const MODELS: Record<string, new (data: Manifest) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicyModel,
};

let files: string[];
let manifests: Manifest[];
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata?.name === name);

beforeAll(async () => {
  const kustomization = parse(await readFile(path.join(BASE, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  files = kustomization.resources;
  manifests = [];
  for (const file of files) {
    const text = await readFile(path.join(BASE, file), 'utf8');
    manifests.push(...parseAllDocuments(text).map((doc) => doc.toJS() as Manifest));
  }
});

describe('the Kubernetes base', () => {
  it('lists every manifest in its directory', async () => {
    const present = (await readdir(BASE)).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
    );
    expect([...files].sort()).toEqual(present.sort());
  });

  it('is valid against the Kubernetes API schemas', () => {
    for (const manifest of manifests) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect({ kind: manifest.kind, known: Boolean(Model) }).toEqual({
        kind: manifest.kind,
        known: true,
      });
      if (Model) {
        expect(() => new Model(manifest).validate()).not.toThrow();
      }
    }
  });

  it('has a validator that bites (a wrongly typed field is refused)', () => {
    const broken = structuredClone(named('Deployment', 'gateway')) as Manifest;
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it('runs the gateway and every subgraph with probes on /readyz and /healthz', () => {
    const deployments = ofKind('Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      ['gateway', ...SUBGRAPH_NAMES].sort(),
    );
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers as Manifest[];
      const portNames = (container?.ports ?? []).map((p: Manifest) => p.name);
      expect(container?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz' });
      expect(container?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz' });
      expect(portNames).toContain(container?.readinessProbe?.httpGet?.port);
      expect(portNames).toEqual(expect.arrayContaining(['http', 'metrics']));
      expect(container?.image).toBe('interagency-hub');
      const role = deployment.metadata.name === 'gateway' ? ['gateway'] : ['subgraph'];
      expect(container?.args?.slice(0, 1)).toEqual(role);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(matches(deployment.spec.selector, pod.metadata?.labels ?? {})).toBe(false);
      expect(matches(deployment.spec.selector, deployment.spec.template.metadata.labels)).toBe(
        true,
      );
    }
  });

  it('migrates each subgraph’s database before the subgraph starts', () => {
    for (const name of SUBGRAPH_NAMES) {
      const [init] = named('Deployment', name)?.spec.template.spec.initContainers ?? [];
      expect(init?.args).toEqual(['migrate', name]);
    }
  });

  it('autoscales the gateway and the read-heavy subgraphs, and keeps one pod of each up', () => {
    const targets = ofKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef);
    expect(targets.map((t) => t.name).sort()).toEqual(['cyber', 'gateway', 'narcotics']);
    for (const target of targets) {
      expect(named(target.kind, target.name)).toBeDefined();
    }
    for (const deployment of ofKind('Deployment')) {
      const labels = deployment.spec.template.metadata.labels;
      const budgets = ofKind('PodDisruptionBudget').filter((p) => matches(p.spec.selector, labels));
      expect({ name: deployment.metadata.name, budgets: budgets.length }).toEqual({
        name: deployment.metadata.name,
        budgets: 1,
      });
    }
  });

  it('gives every Service pods to send to', () => {
    const workloads = [...ofKind('Deployment'), ...ofKind('StatefulSet')];
    for (const service of ofKind('Service')) {
      const selected = workloads.filter((w) =>
        matches({ matchLabels: service.spec.selector }, w.spec.template.metadata.labels),
      );
      expect({ service: service.metadata.name, selected: selected.length }).toEqual({
        service: service.metadata.name,
        selected: 1,
      });
    }
  });

  it('references secrets by key and inlines none; each pod gets only its own', () => {
    expect(ofKind('Secret')).toEqual([]);
    for (const workload of [...ofKind('Deployment'), ...ofKind('StatefulSet')]) {
      const name = workload.metadata.name as string;
      const pod = workload.spec.template.spec;
      for (const container of [...(pod.initContainers ?? []), ...pod.containers] as Manifest[]) {
        for (const env of (container.env ?? []) as Manifest[]) {
          if (/PASSWORD|KEY/.test(env.name)) {
            expect({ name, env: env.name, ref: Boolean(env.valueFrom?.secretKeyRef) }).toEqual({
              name,
              env: env.name,
              ref: true,
            });
          }
          const secret = env.valueFrom?.secretKeyRef?.name as string | undefined;
          if (secret?.endsWith('-db')) {
            // A database secret belongs to its subgraph (the gateway: the audit writer's only).
            const own = secret === `${name}-db` || secret === name;
            const writer = name === 'gateway' && secret === 'audit-db';
            expect({ name, secret, own: own || writer }).toEqual({ name, secret, own: true });
            if (writer) {
              expect(env.valueFrom.secretKeyRef.key).toBe('writer-password');
            }
          }
          if (secret === 'hub-gateway-keys') {
            expect(name).toBe('gateway');
          }
        }
      }
    }
  });
});

describe('the network policies', () => {
  const hubNamespace = { 'kubernetes.io/metadata.name': NAMESPACE };
  let list: NetworkPolicy[];
  let policies: NamespacePolicies;
  const pod = (name: string): Endpoint => {
    const workload = [...ofKind('Deployment'), ...ofKind('StatefulSet')].find(
      (w) => w.metadata.name === name,
    );
    return {
      kind: 'pod',
      labels: workload?.spec.template.metadata.labels ?? {},
      namespace: hubNamespace,
    };
  };
  const outside: Endpoint = { kind: 'external' };
  const monitoring: Endpoint = {
    kind: 'pod',
    labels: { 'app.kubernetes.io/name': 'prometheus' },
    namespace: { 'kubernetes.io/metadata.name': 'monitoring' },
  };
  const SUBGRAPH_PORT: Record<string, number> = {
    narcotics: 4101,
    cyber: 4102,
    juvenile: 4103,
    audit: 4104,
  };
  const everyone = () => ['gateway', ...SUBGRAPH_NAMES, ...SUBGRAPH_NAMES.map((n) => `${n}-db`)];

  beforeAll(() => {
    list = ofKind('NetworkPolicy') as NetworkPolicy[];
    policies = { namespace: hubNamespace, policies: list };
  });

  it('deny everything not allowed', () => {
    const deny = list.find((p) => p.metadata.name === 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('let callers and only callers in through the gateway', () => {
    expect(allowed(policies, outside, pod('gateway'), 4000)).toBe(true);
    for (const name of SUBGRAPH_NAMES) {
      expect(allowed(policies, outside, pod(name), SUBGRAPH_PORT[name] ?? 0)).toBe(false);
      expect(allowed(policies, outside, pod(`${name}-db`), 5432)).toBe(false);
    }
  });

  it('let only the gateway reach the subgraphs', () => {
    for (const target of SUBGRAPH_NAMES) {
      const port = SUBGRAPH_PORT[target] ?? 0;
      for (const from of everyone()) {
        expect({ from, target, ok: allowed(policies, pod(from), pod(target), port) }).toEqual({
          from,
          target,
          ok: from === 'gateway',
        });
      }
    }
  });

  it('let each subgraph reach its own database and nothing else', () => {
    for (const subgraph of SUBGRAPH_NAMES) {
      for (const target of everyone()) {
        const ports = target.endsWith('-db') ? [5432] : [4000, SUBGRAPH_PORT[target] ?? 0, 9464];
        for (const port of ports) {
          expect({
            subgraph,
            target,
            port,
            ok: allowed(policies, pod(subgraph), pod(target), port),
          }).toEqual({ subgraph, target, port, ok: target === `${subgraph}-db` });
        }
      }
      expect(allowed(policies, pod(subgraph), outside, 443)).toBe(false);
    }
  });

  it('let a database be reached by its subgraph only (the audit store also by the gateway)', () => {
    for (const name of SUBGRAPH_NAMES) {
      for (const from of everyone()) {
        const expected = from === name || (name === 'audit' && from === 'gateway');
        expect({
          db: `${name}-db`,
          from,
          ok: allowed(policies, pod(from), pod(`${name}-db`), 5432),
        }).toEqual({ db: `${name}-db`, from, ok: expected });
      }
    }
  });

  it('let Prometheus scrape the metrics ports, and nobody else', () => {
    for (const name of ['gateway', ...SUBGRAPH_NAMES]) {
      expect(allowed(policies, monitoring, pod(name), 9464)).toBe(true);
      expect(allowed(policies, outside, pod(name), 9464)).toBe(false);
    }
  });

  it('are evaluated by rules that bite (a policy allowing all would be caught)', () => {
    const open: NetworkPolicy = {
      metadata: { name: 'oops' },
      spec: {
        podSelector: {} as LabelSelector,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{}],
        egress: [{}],
      },
    };
    const loosened = { namespace: hubNamespace, policies: [...list, open] };
    expect(allowed(loosened, pod('cyber'), pod('narcotics-db'), 5432)).toBe(true);
  });
});
