# Front door. The C++ build lives in CMakeLists.txt; this file installs, builds, runs and tests.
BUILD ?= build
OUT ?= out
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# Debian's python3, with the numpy and pytest scripts/install-deps.sh installs (the Python module is built for it)
PYTHON ?= /usr/bin/python3

.PHONY: all deps build run test sanitize fuzz bench fit link-latency hls xclbin-kernel synth bitstream clean

all: build

deps:
	scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The main job on the default backend: a 4 x 4-tile chip on the array RTL under Verilator
# (no board needed): 20 ms of four rings of four tiles, input into the first tile of each.
run: build
	$(BUILD)/ionarray run examples/chip-4x4.toml --backend verilator --out $(OUT)/chip-4x4
	@echo "run: pictures in $(OUT)/chip-4x4/raster.png and $(OUT)/chip-4x4/rates.png (the rate falling round each ring from its input tile); data in spikes.csv, summary.json"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# AddressSanitizer and UndefinedBehaviorSanitizer: everything built in $(SANITIZE_BUILD)
# (-DIONARRAY_SANITIZE=ON), the whole ctest suite run there; any sanitizer report fails.
# Not part of `make test`: about 12 minutes on 2 cores (10 to build, 2 to test).
SANITIZE_BUILD ?= build-sanitize
sanitize: deps
	SANITIZE_BUILD=$(SANITIZE_BUILD) JOBS=$(JOBS) CMAKE_FLAGS="$(CMAKE_FLAGS)" scripts/sanitize.sh

# libFuzzer: the fuzz targets of fuzz/ built with clang, ASan and UBSan in $(FUZZ_BUILD), each run
# for FUZZ_SECONDS (default 60: about 10 minutes in all) from its corpus in fuzz/corpus/; prints
# executions and coverage per target and merges inputs that reached new coverage into the corpus.
# A crash, hang or sanitizer report fails it. `make test` replays the committed corpora.
FUZZ_BUILD ?= build-fuzz
fuzz: deps
	FUZZ_BUILD=$(FUZZ_BUILD) JOBS=$(JOBS) scripts/fuzz.sh

bench: build
	scripts/install-deps.sh bench
	cmake --build $(BUILD) -j $(JOBS) --target ionarray_device_bench
	$(BUILD)/bench/ionarray_bench
	$(BUILD)/bench/ionarray_array_bench
	$(BUILD)/bench/ionarray_plasticity_bench
	$(BUILD)/bench/ionarray_link_bench
	$(BUILD)/bench/ionarray_usb_framing_bench
	$(BUILD)/bench/ionarray_device_bench
	$(BUILD)/bench/ionarray_scaling_bench
	cmake --build $(BUILD) -j $(JOBS) --target _ionarray ionarray_closed_loop_bench
	PYTHONPATH=$(BUILD)/python $(PYTHON) bench/python_bench.py --closed-loop-cpp $(BUILD)/bench/ionarray_closed_loop_bench

# Re-derive the shipped fitted parameter sets (params/fitted/) from the measured data, fitting the
# distributions (KS + quantile distance) on half the cycles or trials and reporting the other half
# (8 minutes here, 2 of them CPU). The asymmetric device's OFF resistance from the moment fit of its
# Vth (params/fit-start/); the published pulse model in two stages (its rates, then its noise and
# circuit terms); the residue spread (the optional extension) from params/fit-start/.
DATA ?= ../shared/data/yang-diffusive-memristor
fit: build
	$(BUILD)/ionarray device fit --data $(DATA)/dc_symmetric.csv --set dc-symmetric \
	  --params mu,gamma1,sigma1,sigma2 --samples 200 --max-evals 400 --out $(OUT)/fit/dc-symmetric.toml
	$(BUILD)/ionarray device fit --data $(DATA)/dc_asymmetric.csv --set params/fit-start/dc-asymmetric.toml \
	  --params r_off --samples 200 --max-evals 100 --out $(OUT)/fit/dc-asymmetric.toml
	$(BUILD)/ionarray device fit --data $(DATA)/pulse.csv --set pulse \
	  --params mu,gamma1,gamma2 --samples 200 --max-evals 300 --out $(OUT)/fit/pulse-rates.toml
	$(BUILD)/ionarray device fit --data $(DATA)/pulse.csv --set $(OUT)/fit/pulse-rates.toml \
	  --params mu,gamma1,gamma2,gamma3,theta,residue0,sigma1,sigma3,d2d --samples 200 --max-evals 800 --out $(OUT)/fit/pulse.toml
	$(BUILD)/ionarray device fit --data $(DATA)/pulse.csv --set params/fit-start/pulse-residue-spread.toml \
	  --params mu,gamma1,gamma2,gamma3,theta,residue0,residue0_spread --samples 200 --max-evals 800 \
	  --out $(OUT)/fit/pulse-residue-spread.toml

# The SystemC platform's real-time predictions for every example on both links, written into
# docs/systemc-platform.md (about 5 minutes).
link-latency: build
	IONARRAY=$(BUILD)/ionarray scripts/link_latency_table.sh --write docs/systemc-platform.md

# Yosys synth_xilinx of the engine and tile shells (UltraScale+ and 7 series): resource counts in
# synth/results.json, read by `ionarray estimate`. Not part of `make test` (it takes minutes).
# Resource counts only: timing closure needs the vendor tools.
synth: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target formats_generated host_link_generated synth_collect
	BUILD=$(BUILD) scripts/synth.sh

# Vitis HLS C synthesis of the XRT kernel ionarray_link (needs AMD Vitis HLS on PATH; absent on
# CI machines). The tool is looked for first; only the generated headers the kernel includes are built.
hls: deps $(BUILD)/CMakeCache.txt
	@command -v vitis_hls >/dev/null 2>&1 || { echo "make hls: vitis_hls not found: install AMD Vitis HLS 2023.2+ and source its settings64.sh"; exit 1; }
	cmake --build $(BUILD) --target host_link_generated registers_generated
	BUILD=$(BUILD) vitis_hls -f hls/scripts/csynth.tcl

# The kernel compiled by v++ into a Vitis object, $(BUILD)/hls/ionarray_link.xo, for
# `v++ -l -t hw --platform $(PLATFORM) ... -o ionarray.xclbin` (docs/host-driver.md, xrt://).
PLATFORM ?= xilinx_u55c_gen3x16_xdma_3_202210_1
xclbin-kernel: deps $(BUILD)/CMakeCache.txt
	@command -v v++ >/dev/null 2>&1 || { echo "make xclbin-kernel: v++ not found: install AMD Vitis 2023.2+ (and the platform $(PLATFORM)) and source its settings64.sh"; exit 1; }
	cmake --build $(BUILD) --target host_link_generated registers_generated
	v++ -c -t hw --platform $(PLATFORM) -k ionarray_link -I hls -I hls/top -I $(BUILD)/generated \
	    --advanced.prop kernel.ionarray_link.kernel_flags="-std=c++17" \
	    -o $(BUILD)/hls/ionarray_link.xo hls/top/ionarray_link.cpp

# Vivado bitstream of a USB 3 board top (rtl/boards/$(BOARD)/, constraints/boards/$(BOARD)/) into
# $(BUILD)/bitstream/$(BOARD)/ (needs AMD Vivado on PATH; absent on CI machines; the reference
# board: docs/usb-board-bringup.md). The top's parameters, e.g.
# BITSTREAM_PARAMS="TILES=4 ROWS=16 COLUMNS=16 TILES_PER_ENGINE=1 PCLK_DIVIDE=10 PCLK_PHASE=180.0".
BOARD ?= kc705
BITSTREAM_PARAMS ?=
bitstream: deps $(BUILD)/CMakeCache.txt
	@command -v vivado >/dev/null 2>&1 || { echo "make bitstream: vivado not found: install AMD Vivado and source its settings64.sh"; exit 1; }
	cmake --build $(BUILD) --target formats_generated host_link_generated registers_generated
	mkdir -p $(BUILD)/bitstream/$(BOARD)
	vivado -mode batch -nojournal -log $(BUILD)/bitstream/$(BOARD)/vivado.log -source scripts/vivado_bitstream.tcl \
	    -tclargs $(BOARD) $(BUILD) $(BITSTREAM_PARAMS)

clean:
	rm -rf $(BUILD) $(OUT)
