// The journal of a sweep: one JSON line per finished run, {"point":p,"repetition":r,"row":{…}}
// (and "seconds", "cpu_seconds": how long the run took, so a measured fraction of a sweep
// extrapolates),
// appended with one write() each as runs finish, so a killed process loses only its runs in
// flight. A last line without its newline is the trace of such a kill and is dropped.
#pragma once
#include <map>
#include <string>

#include "lib/cli/cli.hpp"

namespace memo::sweep {

// Run r of point p has the canonical index p × repetitions + r.
struct RunIndex {
  long point = 0;
  int repetition = 0;
};

// The row as it is stored and read back: an object of numbers, strings and bools, with
// non-finite numbers as "nan", "inf", "-inf". Every row the runner returns went through this,
// so a resumed sweep returns the very values an uninterrupted one does.
Json normalized_row(const Json& row);

// How long a run took: wall time, and the CPU time of the thread that ran it (which a busy
// machine does not inflate). Negative: not measured.
struct RunTime {
  double seconds = -1, cpu_seconds = -1;
};

// Ends with '\n'. The run's times are kept beside the row (never in it: the rows and
// results.csv do not depend on timing); unmeasured times are left out.
std::string journal_line(RunIndex run, const Json& row, RunTime time = {});

// The complete lines of a journal, by canonical index (empty when the file does not exist).
// With `repair`, a torn last line is cut off the file so appends start on a fresh line.
// Throws on a malformed complete line, an index outside the sweep, or two different rows for
// one run (a run that is not a pure function of its point and repetition).
std::map<long, Json> read_journal(const std::string& path, long points, int repetitions, bool repair);

// Appends lines to a journal file, one write() per line. Holds an exclusive lock on the file
// while it lives: a second writer on the same journal throws Error.
class JournalWriter {
 public:
  explicit JournalWriter(const std::string& path);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  void append(const std::string& line);

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace memo::sweep
