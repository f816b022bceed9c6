/** Client-facing messages shared by the example register models. */
export type ClientRequest =
  | { type: 'add'; value: number }
  | { type: 'read' };

export type ClientReply =
  | { type: 'add-ok' }
  | { type: 'read-ok'; values: number[] }
  | { type: 'not-primary'; primary: string | null }
  | { type: 'unavailable' };

export function isClientRequest(body: unknown): body is ClientRequest {
  const type = (body as { type?: unknown } | null)?.type;
  return type === 'add' || type === 'read';
}
