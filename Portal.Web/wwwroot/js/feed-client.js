// A minimal client of a portal's live feed (/hubs/ledger): the SignalR JSON protocol over one WebSocket, with no
// negotiation and no library, so the standalone verifier stays a handful of files anyone can read and hash.
// It subscribes from a height, hands over every block in height order exactly once (replaying any it missed), and
// reports when it follows the feed ('onSubscribed') and a closed connection. Without 'afterHeight' it starts at the
// newest block.

const separator = '\u001e';

export function connectFeed(portal, { afterHeight, onBlock, onClose, onSubscribed }) {
  const url = new URL('/hubs/ledger', portal);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  const pending = new Map();
  let nextId = 1, last = afterHeight, ping = null, closed = false, buffer = '';
  // Blocks are handled one at a time, in order: each is checked before the next is looked at.
  let queue = Promise.resolve();

  const send = message => socket.send(JSON.stringify(message) + separator);
  const invoke = (target, ...args) => new Promise((resolve, reject) => {
    const id = String(nextId++);
    pending.set(id, { resolve, reject });
    send({ type: 1, invocationId: id, target, arguments: args });
  });

  // Hands over the blocks after the last one handed over; a gap is filled from the ledger first.
  const handle = async blocks => {
    for (const block of blocks) {
      if (closed || block.height <= last) continue;
      while (!closed && block.height > last + 1) {
        const before = last;
        await handle((await invoke('Replay', last)).filter(b => b.height < block.height));
        if (last === before) return stop(new Error(`block ${last + 1} is missing from the feed`));
      }
      last = block.height;
      await onBlock(block);
    }
  };
  const take = blocks => {
    queue = queue.then(() => handle(blocks)).catch(error => stop(error));
  };

  const stop = error => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    for (const { reject } of pending.values()) reject(new Error('closed'));
    try { socket.close(); } catch { /* already closed */ }
    onClose?.(error);
  };

  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + separator);
    // The server drops a client it has not heard from for 30 s.
    ping = setInterval(() => send({ type: 6 }), 15_000);
  });
  socket.addEventListener('message', event => {
    buffer += event.data;
    const frames = buffer.split(separator);
    buffer = frames.pop();
    for (const frame of frames) {
      const message = JSON.parse(frame);
      if (message.type === undefined) {
        // The handshake's answer: an error, or ready to subscribe.
        if (message.error) return stop(new Error(message.error));
        // No height given: from the block before the newest, so the first block handed over is the newest.
        const from = afterHeight !== undefined ? Promise.resolve(afterHeight) : invoke('Head').then(head => Math.max(-1, head - 1));
        from.then(height => { last = height; return invoke('Subscribe', { afterHeight: height }); })
          .then(blocks => { onSubscribed?.(); take(blocks); }, stop);
      } else if (message.type === 1 && message.target === 'BlockAppended') {
        take([message.arguments[0]]);
      } else if (message.type === 3) {
        const call = pending.get(message.invocationId);
        pending.delete(message.invocationId);
        if (message.error) call?.reject(new Error(message.error));
        else call?.resolve(message.result);
      } else if (message.type === 7) {
        stop(message.error ? new Error(message.error) : undefined);
      }
    }
  });
  socket.addEventListener('close', () => stop());
  socket.addEventListener('error', () => stop(new Error(`could not connect to ${url.origin}`)));
  return { close: () => stop() };
}
