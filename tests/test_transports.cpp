// Transports for real boards: usb:// (framing over a bulk endpoint pair; libusb without a board),
// xrt:// (its URI; the card itself is absent here), and how a device that disappears is reported.
#include <doctest/doctest.h>

#include <libusb.h>

#include <utility>

#include "fault_injection.hpp"
#include "backends/open_device.hpp"
#include "device/link_device.hpp"
#include "device/usb_address.hpp"
#include "device/usb_fifo_transport.hpp"
#include "device/usb_transfer_policy.hpp"
#include "device/xrt_address.hpp"
#include "io/input_error.hpp"
#include "mock_bulk_endpoints.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::MockBulkBehaviour;
using ionarray::testing::MockBulkEndpoints;
using ionarray::testing::input_events;
using ionarray::testing::ring_layout;

namespace {

constexpr UsbTimeouts kFast{std::chrono::milliseconds(5), std::chrono::milliseconds(1), std::chrono::milliseconds(1)};

// A board on usb:// as the device API sees it, with the mock endpoints in place of libusb and
// the in-process link core in place of the FPGA.
std::unique_ptr<Device> mock_usb_board(MockBulkBehaviour behaviour) {
  return open_link_board("usb://mock", [behaviour] {
    return std::make_unique<UsbFifoTransport>(
        "usb://mock", std::make_unique<MockBulkEndpoints>(make_loopback_transport(), behaviour), kFast);
  });
}

// A device side that records the words it gets and, once it got some, answers with `answer`;
// before that it gives `stale`, as a bridge FIFO still holding an earlier session's words would.
struct ScriptedDevice : Transport {
  std::vector<std::uint64_t>* got;
  std::vector<std::uint64_t> answer, stale;
  ScriptedDevice(std::vector<std::uint64_t>* g, std::vector<std::uint64_t> a, std::vector<std::uint64_t> s = {})
      : got(g), answer(std::move(a)), stale(std::move(s)) {}
  void send(const std::vector<std::uint64_t>& words) override { got->insert(got->end(), words.begin(), words.end()); }
  std::vector<std::uint64_t> receive() override { return std::exchange(got->empty() ? stale : answer, {}); }
};

// Runs `steps` steps in exchanges of `chunk` steps, as `ionarray run` streams input to a board.
std::vector<SpikeEvent> run_in_chunks(Device& device, const std::vector<InputEvent>& inputs, std::uint64_t steps,
                                      std::uint64_t chunk) {
  std::vector<SpikeEvent> spikes;
  auto next = inputs.begin();
  for (std::uint64_t done = 0; done < steps; done += chunk) {
    const auto end = std::find_if(next, inputs.end(), [&](const InputEvent& e) { return e.step >= done + chunk; });
    const auto part = device.run(chunk, std::vector<InputEvent>(next, end));
    spikes.insert(spikes.end(), part.begin(), part.end());
    next = end;
  }
  return spikes;
}

}  // namespace

TEST_CASE("usb:// URIs: default, VID:PID, VID:PID/SERIAL, malformed ones name the part") {
  const auto def = parse_usb_uri("usb://");
  CHECK(def.vendor == 0x04b4);
  CHECK(def.product == 0x00f1);
  CHECK_FALSE(def.serial.has_value());
  const auto id = parse_usb_uri("usb://0403:601F");
  CHECK(id.vendor == 0x0403);
  CHECK(id.product == 0x601f);
  const auto serial = parse_usb_uri("usb://1d50:6018/BOARD-7");
  CHECK(serial.serial == "BOARD-7");
  CHECK(serial.describe() == "1d50:6018 with serial 'BOARD-7'");
  CHECK_THROWS_WITH_AS(parse_usb_uri("usb://zz:0001"), doctest::Contains("device: 'usb://zz:0001': the vendor ID 'zz'"), InputError);
  CHECK_THROWS_WITH_AS(parse_usb_uri("usb://04b4:123456"), doctest::Contains("the product ID '123456' is not a hexadecimal"), InputError);
  CHECK_THROWS_WITH_AS(parse_usb_uri("usb://04b4"), doctest::Contains("expected VID:PID"), InputError);
  CHECK_THROWS_WITH_AS(parse_usb_uri("usb://04b4:00f1/"), doctest::Contains("serial number after '/' is empty"), InputError);
}

TEST_CASE("libusb errors: NO_DEVICE, PIPE and IO mean the device is gone, others are failures") {
  CHECK(classify_libusb_error(LIBUSB_ERROR_NO_DEVICE) == BulkStatus::disappeared);
  CHECK(classify_libusb_error(LIBUSB_ERROR_PIPE) == BulkStatus::disappeared);
  CHECK(classify_libusb_error(LIBUSB_ERROR_IO) == BulkStatus::disappeared);
  CHECK(classify_libusb_error(LIBUSB_ERROR_TIMEOUT) == BulkStatus::timeout);
  CHECK(classify_libusb_error(LIBUSB_ERROR_OVERFLOW) == BulkStatus::failed);
  CHECK(classify_libusb_error(LIBUSB_ERROR_ACCESS) == BulkStatus::failed);
  CHECK(classify_libusb_error(LIBUSB_SUCCESS) == BulkStatus::ok);
}

TEST_CASE("USB zero-length packets: after an OUT transfer ending on a packet boundary, and only then") {
  CHECK(needs_zero_length_packet(1024, 1024));
  CHECK(needs_zero_length_packet(64 * 1024, 1024));
  CHECK(needs_zero_length_packet(512, 512));
  CHECK(needs_zero_length_packet(1536, 512));
  CHECK_FALSE(needs_zero_length_packet(1536, 1024));  // ends in a short packet, which ends the transfer
  CHECK_FALSE(needs_zero_length_packet(8, 1024));
  CHECK_FALSE(needs_zero_length_packet(0, 1024));     // nothing is sent
  CHECK_FALSE(needs_zero_length_packet(1024, 0));     // no packet size known: no rule to apply
}

TEST_CASE("USB writes are cut into whole-packet transfers, only the last may need a zero-length packet") {
  using Plan = std::vector<OutTransferPlan>;
  CHECK(plan_out_transfers(0, 65536, 1024).empty());
  CHECK(plan_out_transfers(24, 65536, 1024) == Plan{{0, 24, false}});
  CHECK(plan_out_transfers(131072, 65536, 1024) == Plan{{0, 65536, false}, {65536, 65536, true}});
  CHECK(plan_out_transfers(140000, 65536, 1024) == Plan{{0, 65536, false}, {65536, 65536, false}, {131072, 8928, false}});
  // A limit that is not a whole number of packets is rounded down to one, so no transfer but the
  // last ends in a short packet.
  CHECK(plan_out_transfers(2048, 1000, 512) == Plan{{0, 512, false}, {512, 512, false}, {1024, 512, false}, {1536, 512, true}});
  // Whatever the sizes, the transfers cover the bytes once, in order.
  for (const std::size_t bytes : {1u, 511u, 512u, 513u, 70000u, 1048576u})
    for (const std::size_t packet : {512u, 1024u}) {
      CAPTURE(bytes);
      CAPTURE(packet);
      const auto plan = plan_out_transfers(bytes, 65536, packet);
      std::size_t covered = 0;
      for (const auto& t : plan) {
        CHECK(t.offset == covered);
        CHECK(t.length <= 65536);
        CHECK(t.zero_length_packet == (&t == &plan.back() && t.length % packet == 0));
        covered += t.length;
      }
      CHECK(covered == bytes);
    }
}

TEST_CASE("USB transfer statuses: completed, timed out, cancelled, gone, failed, a stall is cleared and retried") {
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_COMPLETED, 0) == TransferVerdict::completed);
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_TIMED_OUT, 0) == TransferVerdict::timed_out);
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_CANCELLED, 0) == TransferVerdict::cancelled);
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_NO_DEVICE, 0) == TransferVerdict::disappeared);  // never retried
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_ERROR, 0) == TransferVerdict::disappeared);      // as LIBUSB_ERROR_IO
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_OVERFLOW, 0) == TransferVerdict::failed);
  CHECK(judge_transfer_status(LIBUSB_TRANSFER_STALL, 0) == TransferVerdict::clear_halt_and_retry);
  // The same decisions for an error code a libusb call returns.
  CHECK(judge_libusb_error(LIBUSB_SUCCESS, 0) == TransferVerdict::completed);
  CHECK(judge_libusb_error(LIBUSB_ERROR_PIPE, 0) == TransferVerdict::clear_halt_and_retry);
  CHECK(judge_libusb_error(LIBUSB_ERROR_NO_DEVICE, 0) == TransferVerdict::disappeared);
  CHECK(judge_libusb_error(LIBUSB_ERROR_TIMEOUT, 0) == TransferVerdict::timed_out);
  CHECK(judge_libusb_error(LIBUSB_ERROR_ACCESS, 0) == TransferVerdict::failed);
  // Messages name the libusb error a status stands for.
  CHECK(libusb_error_of_status(LIBUSB_TRANSFER_STALL) == LIBUSB_ERROR_PIPE);
  CHECK(libusb_error_of_status(LIBUSB_TRANSFER_NO_DEVICE) == LIBUSB_ERROR_NO_DEVICE);
  CHECK(libusb_error_of_status(LIBUSB_TRANSFER_TIMED_OUT) == LIBUSB_ERROR_TIMEOUT);
  CHECK(libusb_error_of_status(LIBUSB_TRANSFER_ERROR) == LIBUSB_ERROR_IO);
}

TEST_CASE("USB: an endpoint that keeps stalling is cleared and retried a bounded number of times, then the device is lost") {
  for (const int status : {int{LIBUSB_TRANSFER_STALL}, int{LIBUSB_ERROR_PIPE}}) {
    CAPTURE(status);
    const auto judge = [&](int retried) {
      return status == LIBUSB_TRANSFER_STALL ? judge_transfer_status(status, retried) : judge_libusb_error(status, retried);
    };
    // The endpoint stalls on every try, as LibusbEndpoints counts them.
    int retried = 0;
    while (judge(retried) == TransferVerdict::clear_halt_and_retry && retried < 100) ++retried;
    CHECK(retried == kMaxStallRetries);
    CHECK(judge(retried) == TransferVerdict::disappeared);
    CHECK(judge(retried + 1) == TransferVerdict::disappeared);
  }
  CHECK(kMaxStallRetries >= 1);
  CHECK(kMaxStallRetries <= 10);  // a dead board is reported promptly
}

TEST_CASE("USB speeds: SuperSpeed and high speed are accepted (and described), full and low speed refused") {
  const auto super = check_usb_speed(LIBUSB_SPEED_SUPER, 1024, 1024);
  CHECK(super.usable);
  CHECK(super.summary == "SuperSpeed (USB 3): 1024-byte packets");
  const auto super_plus = check_usb_speed(LIBUSB_SPEED_SUPER_PLUS, 1024, 1024);
  CHECK(super_plus.usable);
  CHECK(super_plus.summary.starts_with("SuperSpeed+"));
  const auto high = check_usb_speed(LIBUSB_SPEED_HIGH, 512, 512);
  CHECK(high.usable);
  CHECK(high.summary == "high speed (USB 2): 512-byte packets, expect ~40 MB/s");
  for (const auto& [speed, packet, found] : {std::tuple{int{LIBUSB_SPEED_FULL}, std::size_t{64}, "full speed (USB 1.1, 12 Mbit/s)"},
                                             std::tuple{int{LIBUSB_SPEED_LOW}, std::size_t{8}, "low speed (USB 1.0, 1.5 Mbit/s)"}}) {
    CAPTURE(found);
    const auto slow = check_usb_speed(speed, packet, packet);
    CHECK_FALSE(slow.usable);
    CHECK(slow.summary.find(found) != std::string::npos);
    CHECK(slow.summary.find("needs SuperSpeed (USB 3) or at least high speed (USB 2") != std::string::npos);
  }
  // A system that reports no speed: the packet size says which it is.
  CHECK(check_usb_speed(LIBUSB_SPEED_UNKNOWN, 1024, 1024).usable);
  CHECK(check_usb_speed(LIBUSB_SPEED_UNKNOWN, 512, 512).summary.find("high speed (USB 2)") != std::string::npos);
  CHECK_FALSE(check_usb_speed(LIBUSB_SPEED_UNKNOWN, 64, 64).usable);
  // Firmware with a broken descriptor is refused, not divided by.
  const auto broken = check_usb_speed(LIBUSB_SPEED_SUPER, 0, 1024);
  CHECK_FALSE(broken.usable);
  CHECK(broken.summary.find("bulk IN endpoint a maximum packet size of 0") != std::string::npos);
}

TEST_CASE("usb:// with no board (real libusb): a clear DeviceError, also where USB is not reachable at all") {
  // ffff:fffe is not assigned to anyone, so this holds on a machine with boards too.
  for (const std::string uri : {"usb://", "usb://ffff:fffe", "usb://ffff:fffe/NO-SUCH-SERIAL"}) {
    CAPTURE(uri);
    std::string message;
    try {
      open_device(uri);
    } catch (const DeviceError& e) {
      message = e.what();
    }
    MESSAGE(message);
    CHECK(message.starts_with(uri));
    // libusb_init fails where /dev/bus/usb is missing (a container); otherwise the list is searched.
    const bool no_libusb = message.find("cannot start libusb") != std::string::npos;
    const bool not_found = message.find("no USB device") != std::string::npos &&
                           (message.find("found: ") != std::string::npos || message.find("sees no USB devices") != std::string::npos);
    CHECK((no_libusb || not_found));
  }
}

TEST_CASE("USB framing: little-endian words, writes resumed after partial transfers, words split across reads") {
  std::vector<std::uint64_t> got;
  const std::vector<std::uint64_t> answer = {0x1122334455667788, 0x99AABBCCDDEEFF00, 42};
  auto endpoints = std::make_unique<MockBulkEndpoints>(std::make_unique<ScriptedDevice>(&got, answer),
                                                       MockBulkBehaviour{.max_write = 3, .max_read = 5});
  const auto& mock = *endpoints;
  UsbFifoTransport usb("usb://mock", std::move(endpoints), kFast);
  usb.send({0x0102030405060708, 0xA0B0C0D0E0F00011});
  CHECK(got == std::vector<std::uint64_t>{0x0102030405060708, 0xA0B0C0D0E0F00011});
  REQUIRE(mock.written().size() == 16);
  CHECK(mock.written()[0] == std::byte{0x08});  // least significant byte first
  CHECK(mock.written()[7] == std::byte{0x01});
  CHECK(mock.written()[8] == std::byte{0x11});
  // 24 bytes come back 5 at a time: every word is reassembled, in order, nothing lost or repeated.
  std::vector<std::uint64_t> received;
  for (int k = 0; k < 10 && received.size() < answer.size(); ++k) {
    const auto part = usb.receive();
    received.insert(received.end(), part.begin(), part.end());
  }
  CHECK(received == answer);
  CHECK(usb.receive().empty());
}

TEST_CASE("USB: words an earlier session left in the bridge are discarded at connection, and said so") {
  std::vector<std::uint64_t> got;
  const std::vector<std::uint64_t> answer = {7, 8};
  UsbFifoTransport usb("usb://mock",
                       std::make_unique<MockBulkEndpoints>(std::make_unique<ScriptedDevice>(&got, answer, std::vector<std::uint64_t>{1, 2, 3}),
                                                           MockBulkBehaviour{.max_read = 5}),
                       kFast);
  CHECK(usb.describe() == "mock bulk endpoints (test only) (24 stale bytes from an earlier session discarded)");
  usb.send({9});
  std::vector<std::uint64_t> received;
  for (int k = 0; k < 10 && received.size() < answer.size(); ++k) {
    const auto part = usb.receive();
    received.insert(received.end(), part.begin(), part.end());
  }
  CHECK(received == answer);
}

TEST_CASE("a board on usb:// (mock endpoints, real link core) gives the spikes of fixed://, bit for bit") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto inputs = input_events(7, 0, 600, 32, 0.03);
  auto fixed = open_device("fixed://");
  fixed->load(layout);
  const auto expected = fixed->run(600, inputs);
  REQUIRE(expected.size() > 50);
  // Writes and reads cut at sizes that are not whole words; every third read comes back empty.
  auto board = mock_usb_board({.max_write = 1000, .max_read = 4099, .empty_read_every = 3});
  const auto caps = board->capabilities();  // read from the core's registers
  CHECK(caps.max_tiles == 64);
  CHECK(caps.max_rows == 256);
  CHECK(caps.max_columns == 256);
  CHECK(caps.description.find("v1.0 on mock bulk endpoints") != std::string::npos);
  board->load(layout);
  // In two runs, as a host streams input.
  const auto middle = std::find_if(inputs.begin(), inputs.end(), [](const InputEvent& e) { return e.step >= 300; });
  const auto split = static_cast<std::size_t>(middle - inputs.begin());
  auto got = board->run(300, std::span(inputs).first(split));
  const auto rest = board->run(300, std::span(inputs).subspan(split));
  got.insert(got.end(), rest.begin(), rest.end());
  CHECK(got == expected);
  CHECK(board->counters().spikes_out == expected.size());
  CHECK(board->counters().spikes_in == inputs.size());
  // A second load reconnects and starts again from step 0.
  board->load(layout);
  CHECK(board->current_step() == 0);
  CHECK(board->run(600, inputs) == expected);
}

TEST_CASE("a usb:// board that disappears mid-run: DeviceError with the URI and the libusb error") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto inputs = input_events(7, 0, 600, 32, 0.03);
  MockBulkBehaviour counting{.max_write = 4096};
  mock_usb_board(counting)->load(layout);
  const long after_load = *counting.transfers;
  MESSAGE("opening and loading took " << after_load << " transfers");
  for (const auto& [status, error_name, words] :
       {std::tuple{BulkStatus::disappeared, "LIBUSB_ERROR_NO_DEVICE", "usb://mock: device disappeared (LIBUSB_ERROR_NO_DEVICE on the bulk"},
        std::tuple{BulkStatus::disappeared, "LIBUSB_ERROR_PIPE", "usb://mock: device disappeared (LIBUSB_ERROR_PIPE on the bulk"},
        std::tuple{BulkStatus::failed, "LIBUSB_ERROR_OVERFLOW", "usb://mock: USB transfer failed (LIBUSB_ERROR_OVERFLOW"}}) {
    const std::string error = error_name;
    CAPTURE(error);
    auto board = mock_usb_board(
        {.max_write = 4096, .unplug_after = after_load + 6, .unplug_status = status, .unplug_error = error});
    REQUIRE_NOTHROW(board->load(layout));
    CHECK_THROWS_WITH_AS(run_in_chunks(*board, inputs, 600, 100), doctest::Contains(words), DeviceError);
    CHECK(board->current_step() > 0);  // it failed mid-run, not at the start
    CHECK(board->current_step() < 600);
  }
}

TEST_CASE("a usb:// board that stops taking data is reported, not waited for forever") {
  CHECK_THROWS_WITH_AS(mock_usb_board({.writes_stall = true}),
                       doctest::Contains("usb://mock: the device stopped taking data: 0 of"), DeviceError);
}

TEST_CASE("a usb:// board that takes words and never answers points at the FX3 firmware contract") {
  // (an FX3 whose firmware maps threads or flags otherwise leaves the bridge silent)
  struct SilentBoard : Transport {
    void send(const std::vector<std::uint64_t>&) override {}
    std::vector<std::uint64_t> receive() override { return {}; }
  };
  CHECK_THROWS_WITH_AS(open_link_board("usb://mock", [] {
                         return std::make_unique<UsbFifoTransport>(
                             "usb://mock", std::make_unique<MockBulkEndpoints>(std::make_unique<SilentBoard>(), MockBulkBehaviour{}), kFast);
                       }),
                       doctest::Contains("no answer to the resync that opens a session; check that the board's FX3 "
                                         "runs the synchronous slave-FIFO firmware"),
                       DeviceError);
}

TEST_CASE("xrt:// URIs: device index or BDF, the xclbin required, the kernel name optional") {
  const auto a = parse_xrt_uri("xrt://?xclbin=build/ionarray.xclbin");
  CHECK(a.device == "0");
  CHECK(a.xclbin == "build/ionarray.xclbin");
  CHECK(a.kernel == "ionarray_link");
  const auto b = parse_xrt_uri("xrt://0000:65:00.1?xclbin=/opt/k.xclbin&kernel=other");
  CHECK(b.device == "0000:65:00.1");
  CHECK(b.kernel == "other");
  CHECK_THROWS_WITH_AS(parse_xrt_uri("xrt://1"), doctest::Contains("device: 'xrt://1': the xclbin to load is missing"), InputError);
  CHECK_THROWS_WITH_AS(parse_xrt_uri("xrt://?xclbin=a&speed=3"), doctest::Contains("unknown parameter 'speed' (allowed: xclbin, kernel)"), InputError);
  CHECK_THROWS_WITH_AS(parse_xrt_uri("xrt://?xclbin="), doctest::Contains("'xclbin' has no value"), InputError);
}

TEST_CASE("devices this build cannot reach say so") {
#if !IONARRAY_HAVE_XRT
  CHECK_THROWS_WITH_AS(open_device("xrt://?xclbin=a.xclbin"),
                       doctest::Contains("xrt://?xclbin=a.xclbin: this build has no XRT support: install XRT"), DeviceError);
#endif
  CHECK_THROWS_WITH_AS(open_device("fault-injection://x"), doctest::Contains("a whole number >= 0"), InputError);
}

TEST_CASE("fault-injection:// (test only) is fixed:// until it disappears after N receives") {
  const auto layout = ring_layout(4, 32, 3, 600);
  const auto inputs = input_events(7, 0, 600, 32, 0.03);
  auto fixed = open_device("fixed://");
  fixed->load(layout);
  auto faulty = open_device("fault-injection://1000");
  faulty->load(layout);
  CHECK(faulty->run(600, inputs) == fixed->run(600, inputs));
  // One receive for the load, one per exchange of 100 steps: the third exchange finds it gone.
  auto dying = open_device("fault-injection://3");
  dying->load(layout);
  CHECK_THROWS_WITH_AS(run_in_chunks(*dying, inputs, 600, 100),
                       doctest::Contains("fault-injection://3: device disappeared (injected fault: unplugged after 3 receives)"),
                       DeviceError);
  CHECK(dying->current_step() == 200);
}
