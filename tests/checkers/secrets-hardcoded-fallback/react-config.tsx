// No deployment file: the findings are held back unless asked for.
// CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
// TSX: a server component reading its configuration. NEXT_PUBLIC_ variables
// are published to browsers by design: they are not secrets.
export async function Checkout() {
  // CHECK-MESSAGES: warning: STRIPE_SECRET_KEY falls back to the literal 'sk_test_abc' [secrets-hardcoded-fallback]
  const key = process.env.STRIPE_SECRET_KEY ?? "sk_test_abc";
  const publishable = process.env.NEXT_PUBLIC_STRIPE_KEY ?? "pk_live_abc"; // ok: secrets-hardcoded-fallback
  const session = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${key}` },
  });
  return <div data-key={publishable}>{process.env.NEXT_PUBLIC_TITLE ?? "Shop"}</div>;
}
