"""One python-socketio client against the hub's /cluster namespace, with the library's DEFAULT transports unless the
test pins some: keeps `count` acked emits in flight, asks the hub for `server_emits` acked emits back, checks every
payload, and prints one JSON report on stdout.

Usage: /usr/bin/python3 harness.py '<json options>'
  {url, token?, mode: "async"|"sync", count, server_emits, text, transports?: ["polling"], timeout_s?}
async uses socketio.AsyncClient (aiohttp), sync uses socketio.Client (requests + websocket-client).
"""
import asyncio
import json
import sys
import threading
import time

import socketio

NS = '/cluster'


class Report:
    def __init__(self, options):
        self.options = options
        self.data = {
            'mode': options['mode'], 'connected': False, 'connect_error': None,
            'transport_at_connect': None, 'transport_at_end': None,
            'acks': 0, 'acks_intact': 0, 'server_events': 0, 'server_events_intact': 0,
            'mismatches': [], 'disconnects': [], 'errors': [], 'elapsed_ms': 0, 'disconnect_ms': None,
        }
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.closing = False

    def mismatch(self, what):
        if len(self.data['mismatches']) < 5:
            self.data['mismatches'].append(what)

    def on_ack(self, seq, text, answer):
        with self.lock:
            self.data['acks'] += 1
            if isinstance(answer, dict) and answer.get('ok') is True and answer.get('seq') == seq \
                    and answer.get('text') == text:
                self.data['acks_intact'] += 1
            else:
                self.mismatch({'direction': 'ack', 'expected': text, 'actual': answer})
            return self.data['acks'] == self.options['count']

    def on_server_event(self, payload):
        with self.lock:
            self.data['server_events'] += 1
            expected = '%s #%s' % (self.options['text'], payload.get('seq'))
            if payload.get('text') == expected:
                self.data['server_events_intact'] += 1
            else:
                self.mismatch({'direction': 'server-to-client', 'expected': expected, 'actual': payload.get('text')})
            return self.data['server_events'] == self.options['server_emits']

    def on_disconnect(self):
        # Only disconnects the harness did not ask for.
        if not self.closing:
            self.data['disconnects'].append(round(time.monotonic() - self.started, 3))

    def finish(self, transport):
        self.closing = True
        self.data['transport_at_end'] = transport
        self.data['elapsed_ms'] = int((time.monotonic() - self.started) * 1000)

    def print(self, transport=None):
        if transport is not None or not self.data['elapsed_ms']:
            self.finish(transport)
        sys.stdout.write(json.dumps(self.data) + '\n')
        sys.stdout.flush()


def connect_kwargs(options):
    kwargs = {'namespaces': [NS], 'wait_timeout': 10}
    if options.get('token'):
        kwargs['auth'] = {'token': options['token']}
    if options.get('transports'):
        kwargs['transports'] = options['transports']
    return kwargs


async def run_async(options, report):
    sio = socketio.AsyncClient(reconnection=False, logger=options.get('debug', False),
                               engineio_logger=options.get('debug', False))
    done = asyncio.Event()
    acks_done = asyncio.Event()

    @sio.on('disconnect', namespace=NS)
    async def on_disconnect():
        report.on_disconnect()

    @sio.on('server:echo', namespace=NS)
    async def on_server_echo(payload):
        if report.on_server_event(payload):
            async def finish(*_):
                done.set()
            await sio.emit('harness:done', {}, namespace=NS, callback=finish)
        return {'seq': payload.get('seq'), 'text': payload.get('text')}

    try:
        await sio.connect(options['url'], **connect_kwargs(options))
    except socketio.exceptions.ConnectionError as e:
        report.data['connect_error'] = {'message': str(e)}
        report.print(None)
        return
    report.data['connected'] = True
    report.data['transport_at_connect'] = sio.transport()

    def make_callback(seq, text):
        def callback(answer=None, *_):
            if report.on_ack(seq, text, answer):
                acks_done.set()
        return callback

    try:
        for seq in range(options['count']):
            text = '%s #%d' % (options['text'], seq)
            await sio.emit('echo', {'seq': seq, 'text': text}, namespace=NS, callback=make_callback(seq, text))
        if options['count']:
            await asyncio.wait_for(acks_done.wait(), options['timeout_s'])
        if options['server_emits']:
            await sio.emit('emit_to_me', {'count': options['server_emits'], 'text': options['text']}, namespace=NS)
            await asyncio.wait_for(done.wait(), options['timeout_s'])
    except asyncio.TimeoutError:
        report.data['errors'].append('timed out')
    except Exception as e:  # report what the client library raised instead of dying without a report
        report.data['errors'].append('%s: %s' % (type(e).__name__, e))
    report.finish(sio.transport())
    disconnecting = time.monotonic()
    await sio.disconnect()
    report.data['disconnect_ms'] = int((time.monotonic() - disconnecting) * 1000)
    report.print()


def run_sync(options, report):
    sio = socketio.Client(reconnection=False, logger=options.get('debug', False),
                          engineio_logger=options.get('debug', False))
    done = threading.Event()
    acks_done = threading.Event()

    @sio.on('disconnect', namespace=NS)
    def on_disconnect():
        report.on_disconnect()

    @sio.on('server:echo', namespace=NS)
    def on_server_echo(payload):
        if report.on_server_event(payload):
            sio.emit('harness:done', {}, namespace=NS, callback=lambda *_: done.set())
        return {'seq': payload.get('seq'), 'text': payload.get('text')}

    try:
        sio.connect(options['url'], **connect_kwargs(options))
    except socketio.exceptions.ConnectionError as e:
        report.data['connect_error'] = {'message': str(e)}
        report.print(None)
        return
    report.data['connected'] = True
    report.data['transport_at_connect'] = sio.transport()

    def make_callback(seq, text):
        def callback(answer=None, *_):
            if report.on_ack(seq, text, answer):
                acks_done.set()
        return callback

    try:
        for seq in range(options['count']):
            text = '%s #%d' % (options['text'], seq)
            sio.emit('echo', {'seq': seq, 'text': text}, namespace=NS, callback=make_callback(seq, text))
        if options['count'] and not acks_done.wait(options['timeout_s']):
            report.data['errors'].append('timed out')
        if options['server_emits']:
            sio.emit('emit_to_me', {'count': options['server_emits'], 'text': options['text']}, namespace=NS)
            if not done.wait(options['timeout_s']):
                report.data['errors'].append('timed out')
    except Exception as e:  # report what the client library raised instead of dying without a report
        report.data['errors'].append('%s: %s' % (type(e).__name__, e))
    report.finish(sio.transport())
    disconnecting = time.monotonic()
    sio.disconnect()
    report.data['disconnect_ms'] = int((time.monotonic() - disconnecting) * 1000)
    report.print()


def main():
    options = json.loads(sys.argv[1])
    if options.get('debug'):
        import logging
        logging.basicConfig(format='%(asctime)s %(threadName)s %(message)s', level=logging.INFO)
    options.setdefault('timeout_s', 60)
    report = Report(options)
    if options['mode'] == 'async':
        asyncio.run(run_async(options, report))
    else:
        run_sync(options, report)


if __name__ == '__main__':
    main()
