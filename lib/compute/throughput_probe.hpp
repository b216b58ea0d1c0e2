// The choice between running a stream of short tasks with helpers or on the calling thread
// alone, made by measuring both (lib/compute/team.cpp asks it once per sampling period).
//
// Helpers that are scheduled but slow cost more than they give, and nothing but the time shows
// it: a hypervisor that shares their core with another guest, data that has to cross between
// the cores' caches. On a quiet 2-core Xeon guest the NTK step at width 1000 (n = 20) once ran
// 1.6× slower on the default 2 threads than on one, spinning or not; half an hour later the
// same binary ran 1.1× faster on 2. So the choice is measured, not assumed: every kEvery
// periods (kEveryWhenClear when the last probe found a clear winner), kLength periods go to the
// other choice, and the one that completed more tasks per second is kept. A training step
// repeats the same passes, so tasks per second is steps per second times a constant, but only
// within one phase of a program: one that moves on to a network ten times wider runs ten
// times fewer tasks per second, whichever the choice. So the probe is set against the current
// choice's periods on either side of it, kBefore just before and kLength just after, not
// against the mean since the last decision: on a 2-core Zen 4 that mean, taken over a phase of
// small tasks and set against a probe in a phase of large ones, kept the NTK step at width 10⁴
// on the caller alone for a second, where helpers ran it 2× faster. A phase change inside the
// stretch around a probe can still mislead that decision, not the next one. Results never
// depend on the choice (the team's callers give each part its own outputs).
#pragma once
#include <algorithm>

namespace memo {

class ThroughputProbe {
 public:
  static constexpr int kEvery = 25;            // ordinary periods between probes
  static constexpr int kEveryWhenClear = 100;  // … when the last probe found one choice
  static constexpr double kClear = 1.25;       // this many times faster than the other
  static constexpr int kLength = 3;            // periods per probe
  static constexpr int kBefore = 3;            // periods of the current choice measured before it
  static constexpr long kMinimumTasks = 20;    // fewer tasks in a period measure nothing

  // The period that just ended ran `tasks` tasks in `seconds`, with helpers or alone. The
  // first period after a change of choice is left out (workers waking or going to sleep, data
  // moving to the other core's cache); the others of the stretch around a probe add up, so
  // that each choice's rate is a mean over several periods: helpers on a shared host are fast
  // in one period and slow in the next.
  void record(bool with_helpers, long tasks, double seconds) {
    const bool changed = with_helpers != previous_;
    previous_ = with_helpers;
    if (changed || tasks < kMinimumTasks || !(seconds > 0)) return;
    tasks_[with_helpers] += double(tasks);
    seconds_[with_helpers] += seconds;
  }

  // Whether the coming period uses helpers: the faster choice, except during a probe of the
  // other one. A probe that measured nothing (a pause) changes nothing.
  bool next_uses_helpers() {
    if (probe_left_ > 0) {  // the probe: the other choice
      if (--probe_left_ > 0) return alone_faster_;
      after_left_ = kLength;
      return !alone_faster_;
    }
    if (after_left_ > 0) {  // the current choice again, measured
      if (--after_left_ > 0) return !alone_faster_;
      decide();
      return !alone_faster_;
    }
    // The stretch measured starts kBefore periods before the probe.
    if (periods_to_probe_ == kBefore + 1) tasks_[0] = tasks_[1] = seconds_[0] = seconds_[1] = 0;
    if (--periods_to_probe_ > 0) return !alone_faster_;
    probe_left_ = kLength;
    return alone_faster_;
  }

  bool alone_faster() const { return alone_faster_; }

 private:
  void decide() {
    const double with = rate(true), alone = rate(false);
    const bool measured = with > 0 && alone > 0;
    if (measured) alone_faster_ = alone > with;
    // A clear winner is probed less often: each probe runs the slower choice (splitting the AM
    // network's products, three periods alone in every 28 would cost about 5 % of its time).
    periods_to_probe_ = measured && std::max(with, alone) > kClear * std::min(with, alone) ? kEveryWhenClear : kEvery;
    // The kLength periods measured after the probe count as ordinary ones: the next probe
    // starts kEvery (or kEveryWhenClear) periods after this one ended.
    periods_to_probe_ -= kLength;
  }
  double rate(bool with_helpers) const {
    return seconds_[with_helpers] > 0 ? tasks_[with_helpers] / seconds_[with_helpers] : 0;
  }

  double tasks_[2] = {}, seconds_[2] = {};  // in the stretch around the probe; [1]: with helpers
  bool previous_ = true;
  bool alone_faster_ = false;  // helpers until measured otherwise
  int periods_to_probe_ = kEvery, probe_left_ = 0, after_left_ = 0;
};

}  // namespace memo
