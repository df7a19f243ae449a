/**
 * A small real Kubernetes cluster on loopback for tests: etcd, kube-apiserver, kube-controller-manager
 * (Deployments really roll: ReplicaSets, garbage collection, service accounts), kube-scheduler, and
 * kwok simulating a few nodes whose pods become Running and Ready. Everything lives in one temp
 * directory (data, keys, kubeconfigs, logs) and is stopped, even when start-up fails.
 * The binaries come from scripts/pulumi-engine/kubernetes.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { exited, killProcessesIn } from "../../../testkit/processes";
import { KWOK_STAGES_FILE } from "../../../scripts/pulumi-engine/kubernetes-config";
import { KubeApi, waitFor, type KubeAccess, type KubeObject, type WaitOptions } from "./kube-api";

/** How to start a cluster. */
export interface ClusterOptions {
  /** Holds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (and its stages). */
  binDir: string;
  /** Simulated nodes (default 2). */
  nodes?: number;
  log?: (line: string) => void;
}

/** A running cluster. */
export interface KubernetesCluster {
  /** The temp directory holding everything (removed by `stop`). */
  dir: string;
  /** A kubeconfig for an admin (`system:masters`) with the tests' token. */
  kubeconfig: string;
  access: KubeAccess;
  api: KubeApi;
  /** Creates a namespace and waits until pods can be made in it (its default service account). */
  createNamespace(name: string): Promise<void>;
  /** The last lines of every component's log, for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const TOKEN_USERS = ["admin", "controller-manager", "scheduler", "kwok"] as const;
type TokenUser = (typeof TOKEN_USERS)[number];

/** Starts the cluster; on any failure everything started so far is stopped before rethrowing. */
export async function startKubernetesCluster(options: ClusterOptions): Promise<KubernetesCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sentry-rotation-k8s-"));
  const components = new Components(dir, options.binDir);
  let api: KubeApi | undefined;
  const stop = async () => {
    api?.close();
    await components.stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const log = options.log ?? (() => undefined);
    const startWait = { timeoutMs: START_TIMEOUT_MS, failFast: components.checkAlive };
    const started = Date.now();
    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    const files = writeCredentials(dir);

    components.start("etcd", etcdArgs(dir, etcdClient!, etcdPeer!));
    await waitFor(
      "etcd /health",
      async () => ((await healthOf(`http://127.0.0.1:${etcdClient}/health`)) ? true : undefined),
      startWait,
    );
    components.start("kube-apiserver", apiServerArgs(dir, files, etcdClient!, apiPort!));
    const servingCert = path.join(dir, "pki", "apiserver.crt");
    await waitFor("the API server's certificate", async () => fileText(servingCert), startWait);
    // The API server made its own serving certificate (with its CA) for 127.0.0.1.
    const access = {
      server: `https://127.0.0.1:${apiPort}`,
      token: files.tokens.admin,
      ca: fs.readFileSync(servingCert, "utf8"),
    };
    api = new KubeApi(access);
    const readyApi = api;
    await waitFor(
      "the API server /readyz",
      async () => ((await readyApi.request<string>("GET", "/readyz")) === "ok" ? true : undefined),
      startWait,
    );
    log(`etcd and kube-apiserver ready in ${Date.now() - started} ms`);

    const kubeconfigs = Object.fromEntries(
      TOKEN_USERS.map((user) => [
        user,
        writeKubeconfig(dir, user, access.server, servingCert, files.tokens[user]),
      ]),
    ) as Record<TokenUser, string>;
    components.start("kube-controller-manager", [
      `--kubeconfig=${kubeconfigs["controller-manager"]}`,
      "--leader-elect=false",
      "--secure-port=0",
      `--service-account-private-key-file=${files.serviceAccountKey}`,
      `--root-ca-file=${servingCert}`,
      "--use-service-account-credentials=false",
      // Quick enough for tests: node status checked every second, pods of a gone node kept.
      "--node-monitor-period=1s",
    ]);
    components.start("kube-scheduler", [
      `--kubeconfig=${kubeconfigs.scheduler}`,
      "--leader-elect=false",
      "--secure-port=0",
    ]);
    components.start("kwok", [
      `--kubeconfig=${kubeconfigs.kwok}`,
      `--config=${path.join(options.binDir, KWOK_STAGES_FILE)}`,
      "--manage-all-nodes=true",
      "--node-ip=127.0.0.1",
    ]);
    await addNodes(api, options.nodes ?? 2, startWait);
    const namespaceReady = (name: string) =>
      waitFor(
        `the default service account of namespace ${name}`,
        async () => readyApi.get(`/api/v1/namespaces/${name}/serviceaccounts/default`),
        startWait,
      );
    await namespaceReady("default");
    log(`cluster ready in ${Date.now() - started} ms (${options.nodes ?? 2} kwok nodes)`);

    return {
      dir,
      kubeconfig: kubeconfigs.admin,
      access,
      api,
      async createNamespace(name: string) {
        await readyApi.create("/api/v1/namespaces", { metadata: { name } });
        await namespaceReady(name);
      },
      logTail: (lines = 20) => components.logTail(lines),
      stop,
    };
  } catch (err) {
    const tail = components.logTail(15);
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
}

/** The credential files: service-account signing keys and a token file. */
interface Credentials {
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
  tokenFile: string;
  tokens: Record<TokenUser, string>;
}

function writeCredentials(dir: string): Credentials {
  const pki = path.join(dir, "pki");
  fs.mkdirSync(pki, { mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const serviceAccountKey = path.join(pki, "service-account.key");
  const serviceAccountPublicKey = path.join(pki, "service-account.pub");
  fs.writeFileSync(serviceAccountKey, privateKey, { mode: 0o600 });
  fs.writeFileSync(serviceAccountPublicKey, publicKey);
  const tokens = Object.fromEntries(
    TOKEN_USERS.map((user) => [user, crypto.randomBytes(24).toString("hex")]),
  ) as Record<TokenUser, string>;
  // Every component is a cluster admin: this cluster exists for one test run on loopback.
  const tokenFile = path.join(pki, "tokens.csv");
  const lines = TOKEN_USERS.map((user) => `${tokens[user]},${user},${user},"system:masters"`);
  fs.writeFileSync(tokenFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  return { serviceAccountKey, serviceAccountPublicKey, tokenFile, tokens };
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    "--name=test",
    `--data-dir=${path.join(dir, "etcd")}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=test=${peer}`,
    "--unsafe-no-fsync=true", // a throwaway store: durability buys nothing here
    "--log-level=warn",
  ];
}

function apiServerArgs(dir: string, files: Credentials, etcdPort: number, port: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${port}`,
    // No --tls-cert-file: the server writes a self-signed certificate and its CA here.
    `--cert-dir=${path.join(dir, "pki")}`,
    `--token-auth-file=${files.tokenFile}`,
    "--authorization-mode=RBAC",
    "--service-account-issuer=https://kubernetes.default.svc",
    `--service-account-key-file=${files.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${files.serviceAccountKey}`,
    "--service-cluster-ip-range=10.96.0.0/24",
    "--enable-priority-and-fairness=false",
  ];
}

function writeKubeconfig(
  dir: string,
  user: string,
  server: string,
  ca: string,
  token: string,
): string {
  const file = path.join(dir, `kubeconfig-${user}.yaml`);
  // JSON is YAML; every Kubernetes client reads it.
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "test", cluster: { server, "certificate-authority": ca } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: "test", context: { cluster: "test", user, namespace: "default" } }],
    "current-context": "test",
  };
  fs.writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

/** Registers simulated nodes and waits until they are Ready and schedulable (no taints left). */
async function addNodes(api: KubeApi, count: number, wait: WaitOptions): Promise<void> {
  for (let i = 0; i < count; i++) {
    const name = `kwok-node-${i}`;
    await api.create("/api/v1/nodes", {
      metadata: {
        name,
        labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", type: "kwok" },
        annotations: { "kwok.x-k8s.io/node": "fake" },
      },
    });
  }
  await waitFor(
    `${count} Ready nodes without taints`,
    async () => {
      const nodes = await api.list("/api/v1/nodes");
      return nodes.length === count && nodes.every(isSchedulable) ? true : undefined;
    },
    wait,
  );
}

function isSchedulable(node: KubeObject): boolean {
  const conditions = (node.status?.conditions ?? []) as Array<{ type: string; status: string }>;
  const ready = conditions.some((c) => c.type === "Ready" && c.status === "True");
  const taints = (node.spec?.taints ?? []) as unknown[];
  return ready && taints.length === 0;
}

/** The cluster's processes, their logs, and stopping them. */
class Components {
  private readonly running: Array<{
    name: string;
    child: ChildProcess;
    logFile: string;
    error?: Error;
  }> = [];

  constructor(
    private readonly dir: string,
    private readonly binDir: string,
  ) {
    liveClusters.add(this);
  }

  start(name: string, args: string[]): void {
    const logFile = path.join(this.dir, `${name}.log`);
    const out = fs.openSync(logFile, "a");
    try {
      // cwd inside the cluster directory: killProcessesIn(dir) then finds any straggler.
      const child = spawn(path.join(this.binDir, name), args, {
        cwd: this.dir,
        stdio: ["ignore", out, out],
      });
      const record = { name, child, logFile, error: undefined as Error | undefined };
      child.on("error", (err) => (record.error = err)); // e.g. a missing binary; see checkAlive
      this.running.push(record);
    } finally {
      fs.closeSync(out);
    }
  }

  /** Throws if a component has exited (so waits fail fast with its log instead of timing out). */
  readonly checkAlive = (): void => {
    for (const { name, child, error } of this.running) {
      if (error) throw new Error(`${name} could not start: ${error.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode})`);
      }
    }
  };

  logTail(lines: number): string {
    return this.running
      .map(({ name, logFile }) => {
        const text = fileText(logFile) ?? "";
        return `--- ${name} (last ${lines} lines of ${logFile})\n${text.trimEnd().split("\n").slice(-lines).join("\n")}`;
      })
      .join("\n");
  }

  /** SIGTERM in reverse start order, SIGKILL after a grace period, then any straggler. */
  async stopAll(): Promise<void> {
    for (const { child, error } of [...this.running].reverse()) {
      if (error || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited(child);
      clearTimeout(timer);
    }
    await killProcessesIn(this.dir);
    liveClusters.delete(this);
  }

  /** Last resort when the test process exits without stopping the cluster. */
  killNow(): void {
    for (const { child } of this.running) if (child.exitCode === null) child.kill("SIGKILL");
  }
}

const liveClusters = new Set<Components>();
process.on("exit", () => {
  for (const cluster of liveClusters) cluster.killNow();
});

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function healthOf(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    return response.ok && ((await response.json()) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}

function fileText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8") || undefined;
  } catch {
    return undefined;
  }
}
