/**
 * Starts a policy pack the way the Pulumi engine does (`@pulumi/pulumi/cmd/run-policy-pack` with
 * the engine's address and the pack directory, the runner found from the pack's directory) and talks to its
 * Analyzer gRPC service as the engine would: GetAnalyzerInfo, Configure, Analyze, AnalyzeStack.
 */
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { type ChildProcess, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A resource as the engine describes it to an analyzer. */
export interface AnalyzedResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** URN of the parent (stack analysis). */
  parent?: string;
}

/** One diagnostic as the engine receives it. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  message: string;
  enforcementLevel: "advisory" | "mandatory" | "disabled" | "remediate";
  urn: string;
}

/** A running pack and a client for it. */
export interface PolicyAnalyzer {
  info(): Promise<pb.AnalyzerInfo.AsObject>;
  configure(
    config: Record<string, { enforcementLevel?: string; [key: string]: unknown }>,
  ): Promise<void>;
  analyze(resource: AnalyzedResource): Promise<Diagnostic[]>;
  analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]>;
  /** Everything the pack printed after its port line. */
  output(): string;
  stop(): Promise<void>;
}

/** The URN the engine would give `name` of `type` in a test stack. */
export function testUrn(type: string, name: string): string {
  return `urn:pulumi:test::sentry-rotation::${type}::${name}`;
}

/** Marks a value secret the way the engine sends it over the wire. */
export function wireSecret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

/** Starts the pack in `packDir` with `env` added to this process's environment. */
export async function startPolicyAnalyzer(
  packDir: string,
  env: Record<string, string> = {},
  startTimeoutMs = 90_000,
): Promise<PolicyAnalyzer> {
  // Resolved from the pack's directory, as the language host does: the SDK of the pack's project.
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  // The engine passes its own address first; the 3.248 runner drops it without dialling.
  const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
    cwd: packDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const port = await firstLine(child, startTimeoutMs, (text) => (out += text));
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  // Promisifies one unary call: `rpc((callback) => client.method(request, callback))`.
  const rpc = <T>(start: (cb: (err: grpc.ServiceError | null, res: T) => void) => unknown) =>
    new Promise<T>((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
  return {
    info: async () =>
      (await rpc<pb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb))).toObject(),
    configure: async (config) => {
      const req = new pb.ConfigureAnalyzerRequest();
      for (const [policy, { enforcementLevel, ...properties }] of Object.entries(config)) {
        const entry = new pb.PolicyConfig();
        entry.setEnforcementlevel(LEVELS.indexOf((enforcementLevel ?? "advisory") as never));
        entry.setProperties(Struct.fromJavaScript(properties as Record<string, JavaScriptValue>));
        req.getPolicyconfigMap().set(policy, entry);
      }
      await rpc((cb) => client.configure(req, cb));
    },
    analyze: async (resource) => {
      const req = new pb.AnalyzeRequest();
      req.setType(resource.type);
      req.setName(resource.name);
      req.setUrn(testUrn(resource.type, resource.name));
      req.setProperties(toStruct(resource.props));
      req.setOptions(options(resource.parent));
      return diagnostics(await rpc<pb.AnalyzeResponse>((cb) => client.analyze(req, cb)));
    },
    analyzeStack: async (resources) => {
      const req = new pb.AnalyzeStackRequest();
      req.setResourcesList(
        resources.map((resource) => {
          const r = new pb.AnalyzerResource();
          r.setType(resource.type);
          r.setName(resource.name);
          r.setUrn(testUrn(resource.type, resource.name));
          r.setProperties(toStruct(resource.props));
          r.setOptions(options(resource.parent));
          if (resource.parent) r.setParent(resource.parent);
          return r;
        }),
      );
      return diagnostics(await rpc<pb.AnalyzeResponse>((cb) => client.analyzeStack(req, cb)));
    },
    output: () => out,
    stop: async () => {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

function options(parent: string | undefined): pb.AnalyzerResourceOptions {
  const opts = new pb.AnalyzerResourceOptions();
  if (parent) opts.setParent(parent);
  return opts;
}

function toStruct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(props as Record<string, JavaScriptValue>);
}

function diagnostics(res: pb.AnalyzeResponse): Diagnostic[] {
  return res.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    message: d.getMessage(),
    enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
    urn: d.getUrn(),
  }));
}

// The pack prints its port as the first stdout line, as the engine expects.
function firstLine(
  child: ChildProcess,
  timeoutMs: number,
  keep: (text: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let port: number | undefined;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`policy pack did not start: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`no port within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (port !== undefined) keep(chunk.toString());
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (port !== undefined) return keep(chunk.toString());
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      port = Number(stdout.slice(0, newline).trim());
      if (!Number.isInteger(port) || port <= 0) return fail(`first line is not a port`);
      clearTimeout(timer);
      keep(stdout.slice(newline + 1));
      resolve(port);
    });
    child.once("exit", (code, signal) => {
      if (port === undefined) fail(`exited with ${code ?? signal}`);
    });
  });
}
