#!/usr/bin/env python3
"""Brian2 (Debian package python3-brian) simulating the reference equations on an ionarray
network exported by bench/array_bench: tiles of crossbars, row pulses, chain routing, Poisson
input. Prints one JSON line: neuron updates per second of the timed run (code generation and
compilation happen in a warm-up run first and are excluded).

usage: brian2_network.py NETWORK.json STEPS [--standalone THREADS]

--standalone THREADS: Brian2's cpp_standalone device with THREADS OpenMP threads instead of the
runtime (cython) target; the time is the run's own as Brian2 measures it (device._last_run_time),
the C++ compilation excluded.
"""
import json
import sys
import tempfile
import time

import numpy as np
from brian2 import (NeuronGroup, Synapses, PoissonGroup, Network, defaultclock, prefs, second,
                    Hz, set_device)

cfg = json.load(open(sys.argv[1]))
steps = int(sys.argv[2])
standalone_threads = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == '--standalone' else 0
if standalone_threads:
    build_dir = tempfile.mkdtemp(prefix='ionarray-brian2-standalone-')
    set_device('cpp_standalone', directory=build_dir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = standalone_threads
else:
    prefs.codegen.target = 'cython'
    set_device('runtime')
time_step = cfg['dt']
defaultclock.dt = time_step * second
d, c = cfg['device'], cfg['circuit']
n_neurons = cfg['tiles'] * cfg['columns']
n_rows = cfg['tiles'] * cfg['rows']

# The reference model's step (shared/DESIGN.md), written as Brian2 abstract code.
neuron_code = '''
vm = vm + dt_over_c * ((v_bias - vm) / r_in + isyn - vm / rm)
va = abs(vm)
x0 = clip(f + r, 0, 1)
bridged = int(x0 > 1 - 1e-6)
opened = int(s_area < 1 + 1e-6)
g1 = gamma1 + sigma1 * gamma1 * f * randn()
g2 = gamma2 + sigma2 * gamma2 * r * randn()
g3 = gamma3 + sigma3 * gamma3 * randn()
s_area = bridged * clip(s_area + step * (theta * va * exp(-(s_area - 1)) - g3 * exp(s_area - 1)), 1, 1e9) + (1 - bridged) * s_area
f = f - opened * clip(g1 * f * step, 0, f)
r = r - opened * clip(g2 * r * step, 0, r)
f = f + opened * clip(va * mu / clip(alpha + 1 - x0, alpha, alpha + 1) * step, 0, 1 - f - r)
moved = opened * clip(beta * f * step, 0, 1 - r)
moved = clip(moved, 0, f)
f = f - moved
r = r + moved
x = clip(f + r, 0, 1)
rm = r_on * x / s_area**2 + r_off * (exp((1 - x) / lam) - 1) / (exp(1 / lam) - 1)
fired = armed * int(vm / rm > i_th)
armed = int(vm / rm <= i_th)
'''
neurons = NeuronGroup(n_neurons, '''
vm : 1
f : 1
r : 1
s_area : 1
rm : 1
armed : 1
fired : 1
isyn : 1
''', threshold='fired > 0.5', reset='', namespace=dict(
    dt_over_c=time_step / c['c'], v_bias=cfg['v_bias'], r_in=c['r_in'], step=time_step, theta=d['theta'],
    gamma1=d['gamma1'], gamma2=d['gamma2'], gamma3=d['gamma3'], sigma1=d['sigma1'],
    sigma2=d['sigma2'], sigma3=d['sigma3'], mu=d['mu'], alpha=d['alpha'], beta=d['beta'],
    r_on=d['r_on'], r_off=d['r_off'], lam=d['lambda'], i_th=c['spike_threshold']))
neurons.r = d['residue0']
neurons.s_area = 1
neurons.rm = d['r_off']
neurons.armed = 1
neurons.run_regularly(neuron_code, when='start')

rows = NeuronGroup(n_rows, 'timer : 1\nactive : 1')
rows.run_regularly('active = int(timer > 0)\ntimer = clip(timer - 1, 0, 1e9)', when='start', order=-1)

crossbar = Synapses(rows, neurons, '''
g : 1
isyn_post = active_pre * g * (v_row - vm_post) : 1 (summed)
''', namespace=dict(v_row=cfg['row_voltage']))
tiles = np.array(cfg['synapse_tile']); pre = np.array(cfg['synapse_row']); post = np.array(cfg['synapse_column'])
crossbar.connect(i=tiles * cfg['rows'] + pre, j=tiles * cfg['columns'] + post)
crossbar.g = np.array(cfg['synapse_g'])

input_rows = np.array(cfg['input_rows'])
poisson = PoissonGroup(len(input_rows), rates=cfg['input_probability'] / time_step * Hz)
inputs = Synapses(poisson, rows, on_pre='timer_post = pulse', namespace=dict(pulse=cfg['pulse_steps']))
inputs.connect(i=np.arange(len(input_rows)), j=input_rows)
groups = [neurons, rows, crossbar, poisson, inputs]
if cfg['route_neuron']:
    routing = Synapses(neurons, rows, on_pre='timer_post = pulse', namespace=dict(pulse=cfg['pulse_steps']))
    routing.connect(i=np.array(cfg['route_neuron']), j=np.array(cfg['route_row']))
    groups.append(routing)

net = Network(*groups)
if standalone_threads:
    from brian2 import device
    net.run(steps * time_step * second)
    device.build(directory=build_dir, compile=True, run=True)
    elapsed = device._last_run_time
else:
    net.run(20 * time_step * second)  # warm-up: code generation and compilation
    start = time.perf_counter()
    net.run(steps * time_step * second)
    elapsed = time.perf_counter() - start
print(json.dumps({'neurons': n_neurons, 'steps': steps, 'seconds': elapsed, 'openmp_threads': standalone_threads,
                  'neuron_updates_per_s': n_neurons * steps / elapsed}))
