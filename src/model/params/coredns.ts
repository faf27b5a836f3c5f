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
   * How long a Go client waits before it reports a lookup as failed (glibc and Go's resolver:
   * resolv.conf `timeout:5`, `attempts:2`; resolv.conf(5): default timeout 5 s, 2 attempts). Only
   * used in the wording and docs: a request that needs a failed lookup fails.
   */
  readonly lookupTimeoutMs: number;
}

export const COREDNS: CoreDnsParams = {
  queriesPerSecondPerReplica: 5_000,
  clusterDnsIp: '172.20.0.10',
  lookupTimeoutMs: 5_000,
};
