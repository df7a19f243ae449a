import assert from "node:assert/strict";
import { fastClient, startClientSandbox, type ClientTestSandbox } from "../support/client-sandbox";
import { startGatedProxy, type GatedProxy } from "../support/gated-proxy";

const REQUESTS = 12;

/**
 * The client talks to the sandbox through a proxy that counts requests in flight and holds them
 * until as many as the cap are waiting: a client that keeps its cap shows exactly the cap, one
 * that overshoots shows more, however fast or slow the machine is.
 */
describe("sentry client: concurrency cap over HTTP", () => {
  let sandbox: ClientTestSandbox;
  let proxy: GatedProxy;
  before(async () => {
    sandbox = await startClientSandbox();
    proxy = await startGatedProxy(sandbox.url);
  });
  after(async () => {
    await proxy?.close();
    await sandbox?.close();
  });
  const through = () => ({ ...sandbox, url: proxy.url });

  it("keeps at most maxConcurrency requests in flight", async () => {
    proxy.gate(3, REQUESTS);
    const { client } = fastClient(through(), { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: REQUESTS }, () => client.authInfo()));
    assert.equal(proxy.arrived, REQUESTS);
    assert.equal(proxy.maxInFlight, 3);
  });

  it("lets more through with a higher cap (the measure can see overlap)", async () => {
    proxy.gate(10, REQUESTS);
    const { client } = fastClient(through(), { maxConcurrency: 10 });
    await Promise.all(Array.from({ length: REQUESTS }, () => client.authInfo()));
    assert.equal(proxy.maxInFlight, 10);
  });

  it("shares the cap between every client of the same Sentry in the process", async () => {
    proxy.gate(3, REQUESTS);
    const { client: one } = fastClient(through(), { maxConcurrency: 3 });
    const { client: two } = fastClient(through(), { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: REQUESTS }, (_, i) => (i % 2 ? one : two).authInfo()));
    assert.equal(proxy.maxInFlight, 3);
  });
});
