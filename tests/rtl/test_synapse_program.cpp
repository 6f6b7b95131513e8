// The synapse programming RTL (ionarray_synapse_program) against the fixed-point synapse of
// hls/ionarray/plastic_synapse.hpp: synapses stream through one per clock, with bubbles, and
// every new x, word and changed flag SYNAPSE_PROGRAM_LATENCY clocks later, and the tile's stream
// after them, must equal the C++ words.
#include <doctest/doctest.h>

#include <deque>
#include <random>

#include "Vionarray_synapse_program.h"
#include "../corner_states.hpp"
#include "fixed/engine_config.hpp"
#include "fixed/tables.hpp"
#include "ionarray/noise.hpp"
#include "ionarray/plastic_synapse.hpp"
#include "ionarray/tile_engine.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

struct Expected {
  std::uint32_t tag;
  std::int32_t x;
  bool changed;
  std::uint16_t word;
};

void tick(Vionarray_synapse_program& p) {
  p.clk_i = 1;
  p.eval();
  p.clk_i = 0;
  p.eval();
}

void load(Vionarray_synapse_program& p, const fx::PlasticConfig& c) {
  p.c2c_mant_i = static_cast<IData>(c.c2c.mant);
  p.c2c_shift_i = static_cast<IData>(c.c2c.shift);
  p.ratio_mant_i = static_cast<IData>(c.resistance_ratio.mant);
  p.ratio_shift_i = static_cast<IData>(c.resistance_ratio.shift);
  p.word_on_mant_i = static_cast<IData>(c.word_on.mant);
  p.word_on_shift_i = static_cast<IData>(c.word_on.shift);
}

}  // namespace

TEST_CASE("synapse programming RTL: a synapse per clock, every x, word and stream word equal to the C++ synapse") {
  VerilatedContext context;
  Vionarray_synapse_program rtl(&context);
  fx::EngineTables tables;
  fixed::fill_tables(tables);
  std::mt19937_64 rng(2026);
  rtl.rst_ni = 0;
  tick(rtl);
  rtl.rst_ni = 1;
  long compared = 0, changed = 0, clamped = 0, full_words = 0;
  // Coefficient sets: the learning example's synapse (700 kohm .. 6 Mohm, c2c 0.1), a wide
  // ratio with a large spread, no spread, and a fully ON word at the largest crossbar word.
  struct Set {
    double c2c, ratio, word_on;
  };
  for (const Set set : {Set{0.1, 6e6 / 700e3 - 1, 117.3}, Set{0.28, 1e4, 50'000.7}, Set{0, 0.5, 3.2}, Set{0.05, 3, 65'535.0}}) {
    CAPTURE(set.ratio);
    fx::PlasticConfig c;
    c.c2c = fixed::quantize(set.c2c / noise::kGaussianCodeSd * 0x1p17, "c2c");
    c.resistance_ratio = fixed::quantize(set.ratio, "ratio");
    c.word_on = fixed::quantize(set.word_on, "word_on");
    load(rtl, c);
    std::uint64_t noise = rng() | 1;
    rtl.noise_load_i = 1;
    rtl.noise_seed_i = noise;
    tick(rtl);
    rtl.noise_load_i = 0;
    std::deque<Expected> expected;
    std::bernoulli_distribution bubble(0.3);
    long sent = 0, cycle = 0, first_sent = -1;
    const long count = 50'000;
    while (sent < count || !expected.empty()) {
      REQUIRE(cycle < 3 * count);
      const bool send = sent < count && !bubble(rng);
      rtl.valid_i = send;
      if (send) {
        const auto x = static_cast<std::int32_t>(testing::corner_value(rng, 0, fx::kSynapseXOne));
        const auto kind = rng() % 4;
        const std::int32_t change = kind == 0   ? 0
                                    : kind == 1 ? static_cast<std::int32_t>(testing::corner_value(rng, -fx::kSynapseXOne, fx::kSynapseXOne))
                                                : static_cast<std::int32_t>(testing::corner_value(rng, -200'000, 200'000));
        Expected e{static_cast<std::uint32_t>(sent & 0xFFFF), x, false, 0};
        if (change != 0) {
          noise = noise::xorshift64(noise);
          e.x = fx::program_synapse(c, x, change, noise::gaussian_code(noise));
        }
        e.changed = e.x != x;
        e.word = fx::synapse_word(c, tables, e.x);
        expected.push_back(e);
        rtl.tag_i = static_cast<SData>(e.tag);
        rtl.x_i = static_cast<IData>(x);
        rtl.change_i = static_cast<IData>(change);
        if (first_sent < 0) first_sent = cycle;
        ++sent;
      }
      tick(rtl);
      ++cycle;
      if (rtl.valid_o) {
        if (compared == 0) REQUIRE(cycle - first_sent == fx::kSynapseProgramLatency);
        REQUIRE(!expected.empty());
        const Expected e = expected.front();
        expected.pop_front();
        REQUIRE(rtl.tag_o == e.tag);
        REQUIRE(static_cast<std::int32_t>(rtl.x_o) == e.x);
        REQUIRE(static_cast<bool>(rtl.changed_o) == e.changed);
        REQUIRE(rtl.word_o == e.word);
        ++compared;
        changed += e.changed;
        clamped += e.x == 0 || e.x == fx::kSynapseXOne;
        full_words += e.word == fx::kConductanceWordMax;
      }
    }
    rtl.valid_i = 0;
    CHECK(rtl.noise_o == noise);
  }
  MESSAGE(compared << " synapses equal on every word; " << changed << " changed, " << clamped << " at a bound, "
                   << full_words << " at the largest word");
  CHECK(compared == 200'000);
  CHECK(changed > 50'000);
  CHECK(clamped > 1000);
  CHECK(full_words > 0);
}
