// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
// A React client (TSX): Vite and Next.js public variables, hooks, arrow
// functions, optional chaining and JSX around the requests.
import React, { useCallback, useEffect, useMemo, useState } from "react";
import axios from "axios";

const API = import.meta.env.VITE_API_URL as string;
const WS_URL = import.meta.env.VITE_WS_URL ?? "wss://chat.example/ws";
const TITLE = import.meta.env.VITE_TITLE;

class ApiClient {
  readonly http = axios.create({ timeout: Number(import.meta.env.VITE_TIMEOUT ?? 10_000) });

  constructor(private readonly base = API) {}

  ask(prompt: string) {
    // CHECK-MESSAGES: warning: VITE_API_URL reaches axios.create.post(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    return this.http.post<{ answer: string }>(`${this.base}/chat`, { prompt });
  }

  // `this` in a field initialiser (here an arrow function field) is the instance.
  // CHECK-MESSAGES: warning: VITE_API_URL reaches axios.create.get(...) [dstack-configurable-endpoint]
  history = () => this.http.get(`${this.base}/history`);

  get feedbackUrl(): string {
    return import.meta.env.VITE_FEEDBACK_URL;
  }
}

export function Chat({ prompt, onAnswer }: { prompt: string; onAnswer?: (a: string) => void }) {
  const client = useMemo(() => new ApiClient(), []);
  const [answer, setAnswer] = useState<string>("");
  useEffect(() => {
    client.ask(prompt).then((r) => {
      setAnswer(r.data.answer);
      onAnswer?.(r.data.answer);
    });
    // CHECK-NOTES: note: the code default ('wss://chat.example/ws') decides
    // CHECK-MESSAGES: warning: VITE_WS_URL reaches WebSocket(...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    const ws = new WebSocket(WS_URL);
    ws.onmessage = (e) => setAnswer((prev) => prev + e.data);
    return () => ws.close();
  }, [prompt, client]);
  // useMemo's result is its factory's, and a getter runs when read.
  // CHECK-MESSAGES: warning: VITE_FEEDBACK_URL reaches fetch(...) [dstack-configurable-endpoint]
  // CHECK-NOTES: note: returned by 'ApiClient.feedbackUrl'
  // CHECK-NOTES: note: reaches fetch(...)
  const feedback = () => fetch(client.feedbackUrl, { method: "POST", body: answer });
  return (
    <section title={TITLE}>
      <p>{answer}</p>
      <button onClick={feedback}>feedback</button>
      <button
        onClick={() =>
          // CHECK-MESSAGES: warning: NEXT_PUBLIC_HOOK_URL reaches fetch(...) [dstack-configurable-endpoint]
          fetch(process.env.NEXT_PUBLIC_HOOK_URL!, { method: "POST", body: answer })
        }
      >
        report
      </button>
      <a href={`${API}/docs`}>docs</a>
    </section>
  );
}

export const Status = () => {
  const [up, setUp] = useState(false);
  useEffect(() => {
    fetch("/api/status", { headers: { "x-build": import.meta.env.VITE_BUILD_ID } }).then((r) => setUp(r.ok)); // ok: dstack-configurable-endpoint
    // NOLINTNEXTLINE(dstack-configurable-endpoint)
    fetch(import.meta.env.VITE_STATUS_URL).then((r) => setUp(r.ok));
  }, []);
  return <span>{up ? "up" : "down"}</span>;
};

// Object.freeze and useCallback give back what they are given.
const alerts = Object.freeze({ url: import.meta.env.VITE_ALERT_URL, retries: 2 });

export function Alert({ text }: { text: string }) {
  const target = useCallback(() => import.meta.env.VITE_SINK_URL, []);
  useEffect(() => {
    // CHECK-MESSAGES: warning: VITE_ALERT_URL reaches fetch(...) [dstack-configurable-endpoint]
    fetch(alerts.url, { method: "POST", body: text });
    // CHECK-MESSAGES: warning: VITE_SINK_URL reaches fetch(...) [dstack-configurable-endpoint]
    fetch(target(), { method: "POST", body: text });
    fetch("/api/alerts", { method: "POST", body: String(alerts.retries) }); // ok: dstack-configurable-endpoint
  }, [text, target]);
  return <p>{text}</p>;
}
