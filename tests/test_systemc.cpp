// systemc:// (sim/systemc/): the link figures file, the timing of each link model for transfers of
// known size, and the platform's spikes against fixed:// on both links.
#include <doctest/doctest.h>

#include <fstream>

#include "backends/open_device.hpp"
#include "io/input_error.hpp"
#include "link/config_packets.hpp"
#include "systemc/platform.hpp"
#include "temp_files.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

namespace {

const systemc::LinkFigures& figures() {
  static const auto f = systemc::read_link_figures(systemc::default_link_figures_file());
  return f;
}

// Simulated seconds that `f` takes.
template <typename F>
double timed(F&& f) {
  auto& clock = systemc::platform_clock(figures());
  const double start = clock.now_s();
  f();
  return clock.now_s() - start;
}

std::vector<std::byte> bytes(std::size_t n) { return std::vector<std::byte>(n, std::byte{0}); }

}  // namespace

TEST_CASE("systemc link figures: the shipped file reads, every figure sourced, a bad one is refused by field") {
  const auto& f = figures();
  CHECK(f.usb3.pclk_hz == doctest::Approx(100e6));
  CHECK(f.pcie.h2c_bytes_per_s > 1e9);
  CHECK(f.pcie.kernel_start_s > 0);

  std::ifstream in(systemc::default_link_figures_file());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const testing::TempDir dir;
  const auto write = [&](const std::string& from, const std::string& to) {
    auto edited = text;
    const auto at = edited.find(from);
    REQUIRE(at != std::string::npos);
    edited.replace(at, from.size(), to);
    const auto path = dir.path() / "links.toml";
    std::ofstream(path) << edited;
    return path;
  };
  CHECK_THROWS_WITH_AS(systemc::read_link_figures(write("sync_overhead = { value = 19, unit = \"us\"",
                                                        "sync_overhead = { value = 19, unit = \"ms\"")),
                       doctest::Contains("pcie.sync_overhead.unit: 'ms' where the model reads 'us'"), InputError);
  CHECK_THROWS_WITH_AS(systemc::read_link_figures(write("kernel_start = {", "kernel_begin = {")),
                       doctest::Contains("kernel_start"), InputError);
  CHECK_THROWS_WITH_AS(systemc::read_link_figures(write("source = ", "origin = ")), doctest::Contains("source"), InputError);
}

TEST_CASE("systemc:// URIs: the link and the figures file, anything else is refused with what is allowed") {
  CHECK_THROWS_WITH_AS(open_device("systemc://?link=pcie4"), doctest::Contains("links: pcie (XRT on an Alveo card), usb3"),
                       InputError);
  CHECK_THROWS_WITH_AS(open_device("systemc://?clock=200"), doctest::Contains("parameters: link=pcie|usb3, figures=FILE"),
                       InputError);
  CHECK_THROWS_WITH_AS(open_device("systemc://board"), doctest::Contains("takes no address"), InputError);
  CHECK_THROWS_AS(open_device("systemc://?link=usb3&figures=/nonexistent/links.toml"), InputError);
}

TEST_CASE("PCIe link model: a sync takes its fixed cost plus bytes over the DMA rate, a call its start and completion") {
  const auto& f = figures().pcie;
  auto kernel = systemc::open_pcie_kernel(figures());
  const std::vector<std::uint64_t> words(1000, 0);
  CHECK(timed([&] { kernel->write_input(words); }) == doctest::Approx(f.sync_overhead_s + 8000 / f.h2c_bytes_per_s).epsilon(1e-6));
  std::vector<std::uint64_t> out(4096);
  CHECK(timed([&] { kernel->read_output(0, out); }) == doctest::Approx(f.sync_overhead_s + 8 * 4096 / f.c2h_bytes_per_s).epsilon(1e-6));
  // A call with no input: the kernel starts, finds the board idle (busy_o low for 16 cycles) and completes.
  const auto cycles = kernel->cycles();
  const double call = timed([&] { kernel->call(0, 16); });
  const auto ran = kernel->cycles() - cycles;
  CHECK(ran >= 16);
  CHECK(ran <= 20);
  CHECK(call == doctest::Approx(f.kernel_start_s + f.kernel_completion_s + double(ran) / f.kernel_clock_hz).epsilon(1e-3));
  kernel->read_output(0, std::span(out).first(1));
  CHECK(out[0] == 0);  // nothing produced

  // 200 syncs, each answered with a status and an acknowledgement, into an output buffer of 4
  // words: the board stops taking input once the buffer is full, and the call cannot finish.
  link::PacketWriter writer;
  for (std::uint32_t k = 0; k < 200; ++k) writer.sync(k);
  kernel->write_input(writer.words());
  CHECK_THROWS_WITH_AS(kernel->call(static_cast<std::uint32_t>(writer.words().size()), 4),
                       doctest::Contains("output buffer (4 words) filled with input still waiting"), DeviceError);
}

TEST_CASE("USB 3 link model: a transfer takes its overhead, packets at the bulk rate and the completion, a read times out") {
  const auto& f = figures().usb3;
  auto usb = systemc::open_usb3_endpoints(figures());
  // Two packets fill the FX3's two free OUT buffers: nothing waits for the FPGA.
  auto out = bytes(2048);
  BulkTransfer sent;
  const double write = timed([&] { sent = usb->write(out, std::chrono::milliseconds(100)); });
  CHECK(sent.status == BulkStatus::ok);
  CHECK(sent.bytes == 2048);
  CHECK(write == doctest::Approx(f.transfer_overhead_s + 2048 / f.bulk_bytes_per_s + f.completion_latency_s).epsilon(1e-6));
  // 256 zero words are no host-link packets the core answers with words... except error reports:
  // drain whatever comes, then a read of an idle board waits out its whole timeout.
  auto in = bytes(65536);
  for (int k = 0; k < 100 && usb->read(in, std::chrono::milliseconds(5)).bytes > 0; ++k) {
  }
  BulkTransfer got;
  const double read = timed([&] { got = usb->read(in, std::chrono::milliseconds(7)); });
  CHECK(got.status == BulkStatus::timeout);
  CHECK(got.bytes == 0);
  CHECK(read == doctest::Approx(7e-3).epsilon(1e-6));
}

TEST_CASE("systemc:// on both links gives the spikes of fixed://, bit for bit, and takes simulated time") {
  const auto layout = ring_layout(4, 32, 3, 300);
  const auto inputs = input_events(11, 0, 300, 32, 0.02);
  auto fixed = open_device("fixed://");
  fixed->load(layout);
  const auto expected = fixed->run(300, inputs);
  CHECK(expected.size() > 30);
  for (const char* uri : {"systemc://?link=pcie", "systemc://?link=usb3"}) {
    INFO(uri);
    auto board = open_device(uri);
    REQUIRE(board->simulated_clock() != nullptr);
    CHECK(board->capabilities().max_tiles == IONARRAY_VERILATOR_TILES);
    // A fresh board: nothing left over in its link from before its reset.
    CHECK(board->capabilities().description.find("stale") == std::string::npos);
    board->load(layout);
    std::vector<SpikeEvent> got;
    const double elapsed = timed([&] { got = board->run(300, inputs); });
    CHECK(got == expected);
    CHECK(board->counters().spikes_in == inputs.size());
    // At least the board's own work: 300 steps of the core at its clock.
    const double clock_hz = std::string(uri).ends_with("pcie") ? figures().pcie.kernel_clock_hz : figures().usb3.pclk_hz;
    MESSAGE(std::string(uri), ": 300 steps in ", elapsed * 1e3, " ms simulated, ", board->model_cycles(), " board cycles");
    CHECK(board->model_cycles() > 300 * 100);
    CHECK(elapsed > 300.0 * 100 / clock_hz);
  }
}
