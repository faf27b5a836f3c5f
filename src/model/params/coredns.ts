import { podSearchDomains, type ResolverConfig } from '../dns.js';

/**
 * CoreDNS capacity and the wording of a failed lookup, for the DNS model (src/model/dns.ts,
 * src/controllers/eks/core-dns.ts). Replica count, CPU and memory of the CoreDNS Deployment
 * itself are EKS_COREDNS in ./eks-node.ts.
 */
export interface CoreDnsParams {
  /**
   * DNS queries per second one Ready CoreDNS replica answers for in-cluster names
   * (`*.svc.cluster.local`, answered from the `kubernetes` plugin's cache of Services).
   * Source: Alibaba Cloud, "Performance of managed CoreDNS" (ACK user guide): "When resolving
   * in-cluster domain names, a single replica can provide 5,000 queries per second (QPS). The two
   * default replicas can provide 10,000 QPS" (clusters up to 50,000 Services and pods). AWS
   * publishes no per-replica figure; the EKS user guide ("Scale CoreDNS Pods for high DNS
   * traffic") only says that as queries increase "the CoreDNS pods can get overwhelmed and slow
   * down, and reject requests that the pods can't handle". Applying the ACK figure to the EKS
   * add-on (100m CPU request, no CPU limit) is an assumption; override it with measurements.
   */
  readonly queriesPerSecondPerReplica: number;
  /**
   * The kube-dns Service's cluster IP that pods' /etc/resolv.conf names: 10.100.0.10 on EKS
   * when the VPC is not in 10.0.0.0/8, 172.20.0.10 when it is (EKS user guide, "Service IPv4
   * CIDR"; the tenth address of the service range). fleetsim's scenarios use 10.x VPCs.
   */
  readonly clusterDnsIp: string;
  /**
   * The pods' stub resolver. kubelet writes `nameserver <clusterDnsIp>`, `search
   * <namespace>.svc.cluster.local svc.cluster.local cluster.local` plus the node's own search
   * domain (the VPC's: `ec2.internal` in us-east-1) and `options ndots:5` for `dnsPolicy:
   * ClusterFirst` (Kubernetes docs, "DNS for Services and Pods": "options ndots:5"; the node's
   * search line is appended). It sets no `timeout` or `attempts`, so the resolver's defaults
   * hold: 5 s and 2 (resolv.conf(5): "timeout:n ... Default 5 seconds"; "attempts:n ... Default 2").
   * Go's resolver reads the same file and defaults (net/dnsconfig.go: `ndots: 1, timeout: 5 *
   * time.Second, attempts: 2`), sends the A and AAAA queries of a name in parallel (unless
   * `single-request`), and without StrictErrors passes over a search candidate whose tries timed
   * out (net/dnsclient_unix.go, goLookupIPCNAMEOrder); glibc's res_search ends the lookup there.
   * The error wording is Go's, so `library` is `go`.
   */
  readonly resolver: ResolverConfig;
  /** The namespace fleetsim's workloads run in (the first search domain). */
  readonly namespace: string;
  /** The cluster domain (kubelet `clusterDomain`). */
  readonly clusterDomain: string;
}

export const COREDNS: CoreDnsParams = {
  queriesPerSecondPerReplica: 5_000,
  clusterDnsIp: '172.20.0.10',
  resolver: { ndots: 5, searchDomains: podSearchDomains('default', 'cluster.local', 'ec2.internal'), timeoutMs: 5_000, attempts: 2, library: 'go' },
  namespace: 'default',
  clusterDomain: 'cluster.local',
};
