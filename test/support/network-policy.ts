/**
 * Who may talk to whom under a set of Kubernetes NetworkPolicies, evaluated as the API defines
 * it: a connection passes when the sender's egress and the receiver's ingress both allow it, and
 * a pod no policy selects for a direction is open in that direction. Peers are pods of this
 * namespace (podSelector), pods of other namespaces (namespaceSelector, optionally with a
 * podSelector) or addresses outside the cluster (ipBlock). Hand-written: no package evaluates
 * policies without a cluster, and the rules are these few.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { port?: number | string; protocol?: string }[];
}

export interface NetworkPolicy {
  metadata: { name: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: Rule[];
    egress?: Rule[];
  };
}

/** One end of a connection: a pod (its labels, its namespace's labels) or the outside world. */
export type Endpoint =
  | { kind: 'pod'; labels: Record<string, string>; namespace: Record<string, string> }
  | { kind: 'external' };

export function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    byLabel &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return key in labels && values.includes(labels[key] as string);
        case 'NotIn':
          return !(key in labels) || !values.includes(labels[key] as string);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          throw new Error(`unknown selector operator ${operator}`);
      }
    })
  );
}

function peerMatches(peer: Peer, other: Endpoint, ownNamespace: Record<string, string>): boolean {
  if (other.kind === 'external') {
    return peer.ipBlock !== undefined;
  }
  if (peer.ipBlock) {
    return false; // ipBlock is for addresses outside the cluster
  }
  const namespaceOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, other.namespace)
    : matches({ matchLabels: ownNamespace }, other.namespace);
  return namespaceOk && (!peer.podSelector || matches(peer.podSelector, other.labels));
}

/** Policies of one namespace: they bind the pods of that namespace only. */
export interface NamespacePolicies {
  readonly namespace: Record<string, string>;
  readonly policies: readonly NetworkPolicy[];
}

function allowedBy(
  { namespace, policies }: NamespacePolicies,
  self: Endpoint,
  other: Endpoint,
  port: number,
  direction: 'Ingress' | 'Egress',
): boolean {
  if (self.kind === 'external' || !matches({ matchLabels: namespace }, self.namespace)) {
    return true; // these policies bind this namespace's pods only
  }
  const selecting = policies.filter(
    (p) =>
      matches(p.spec.podSelector, self.labels) &&
      (p.spec.policyTypes ?? ['Ingress']).includes(direction),
  );
  if (selecting.length === 0) {
    return true;
  }
  return selecting.some((policy) =>
    ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.some((peer) => peerMatches(peer, other, self.namespace));
      const portOk = !rule.ports || rule.ports.some((p) => p.port === undefined || p.port === port);
      return peerOk && portOk;
    }),
  );
}

/** Whether `from` may open a TCP connection to `to` on `port`. */
export function allowed(
  policies: NamespacePolicies,
  from: Endpoint,
  to: Endpoint,
  port: number,
): boolean {
  return (
    allowedBy(policies, from, to, port, 'Egress') && allowedBy(policies, to, from, port, 'Ingress')
  );
}
