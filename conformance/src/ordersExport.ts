/**
 * A realistic large body for the limits tests: an orders export as NDJSON, one order a line,
 * about 200 bytes each, so 50,000 orders are about 10 MB — over Vercel's 4.5 MB and Lambda's
 * 6 MB request caps, within those of Node, Workers, Deno, Bun and Cloud Functions.
 */
export function ordersExport(count = 50_000): Uint8Array {
  const lines: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    lines.push(
      JSON.stringify({
        orderId: `ORD-${String(i).padStart(7, '0')}`,
        customer: `Customer ${i % 997}`,
        email: `customer${i % 997}@example.com`,
        sku: `SKU-${(i * 7919) % 100_000}`,
        quantity: (i % 9) + 1,
        unitPrice: ((i % 5000) + 99) / 100,
        currency: 'EUR',
        status: ['paid', 'shipped', 'delivered', 'returned'][i % 4],
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      }),
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** The CSV header the schema-less app gives an orders export: its keys, as they are. */
export const ORDERS_HEADER = 'orderId,customer,email,sku,quantity,unitPrice,currency,status,createdAt';
