"""A workflow client on Debian's python3-socketio (socketio.Client) with the library's DEFAULT transports: runs a
list of steps against the hub's /cluster namespace and prints one JSON report on stdout. The steps and the report
are those of ../js/workflow-client.js.

Usage: /usr/bin/python3 workflow_client.py '<json options>' | @<file holding them>
"""
import json
import sys
import threading
import time

import socketio

NS = '/cluster'


def main():
    arg = sys.argv[1]
    if arg.startswith('@'):
        with open(arg[1:], encoding='utf-8') as f:
            options = json.load(f)
    else:
        options = json.loads(arg)
    timeout_s = options.get('timeout_ms', 60000) / 1000.0
    report = {'connected': False, 'connect_error': None, 'transport_at_end': None, 'acks': {}, 'events': [],
              'errors': [], 'step_ms': []}
    lock = threading.Condition()
    sio = socketio.Client(reconnection=False)

    def on_any(event, payload=None):
        with lock:
            report['events'].append({'event': event, 'payload': payload})
            lock.notify_all()

    sio.on('*', on_any, namespace=NS)

    def matches(entry, step):
        if entry['event'] != step['event']:
            return False
        payload = entry['payload'] if isinstance(entry['payload'], dict) else {}
        return all(payload.get(k) == v for k, v in step.get('match', {}).items())

    try:
        sio.connect(options['url'], namespaces=[NS], auth={'token': options['token']}, wait_timeout=10)
    except socketio.exceptions.ConnectionError as e:
        report['connect_error'] = {'message': str(e)}
        print(json.dumps(report), flush=True)
        return
    report['connected'] = True
    try:
        for step in options['steps']:
            started = time.monotonic()
            op = step['op']
            if op == 'emit':
                report['acks'][step['save']] = sio.call(step['event'], step['payload'], namespace=NS,
                                                        timeout=timeout_s)
            elif op == 'emit_no_ack':
                sio.emit(step['event'], step['payload'], namespace=NS)
            elif op == 'wait':
                with lock:
                    if not lock.wait_for(lambda: any(matches(e, step) for e in report['events']), timeout_s):
                        raise TimeoutError('timed out in step %s' % json.dumps(step))
            else:
                raise ValueError('unknown op %s' % op)
            report['step_ms'].append((time.monotonic() - started) * 1000)
    except Exception as e:  # report what went wrong instead of dying without a report
        report['errors'].append('%s: %s' % (type(e).__name__, e))
    report['transport_at_end'] = sio.transport()
    sio.disconnect()
    print(json.dumps(report), flush=True)


if __name__ == '__main__':
    main()
