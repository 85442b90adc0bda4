#pragma once
/// \file
/// Reports of `cspgate check`: one line per assertion for people, and the
/// same results as JSON (`cspgate.check/v1`, docs/schema/check.md) and as
/// JUnit XML for CI systems.  This layer formats; it decides nothing.

#include "cspgate/check/result.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace cspgate::report {

/// One assertion and what became of it.
struct assertion_report {
    std::size_t index = 0;  ///< 1-based, in file order
    std::string text;       ///< the assertion as written, without `assert`
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string property;   ///< "deadlock free", "refinement", …
    std::string model;      ///< "T", "F", "FD", or ""
    bool negated = false;
    check::check_result result;  ///< its verdict is the assertion's (negation applied)
    bool error = false;          ///< the assertion could not be evaluated (see diagnostics)
    std::string error_message;
};

/// The verdict word of an assertion: "pass", "fail", "inconclusive", "error".
std::string verdict_word(const assertion_report& r);

/// `[1] SYSTEM :[deadlock free [F]]: fail (1,234 states, 5,678 transitions, 0.01 s)`
/// and, with `details`, the counterexample below it.
void write_text(std::ostream& out, const assertion_report& r, bool details, bool timings);
void write_json(std::ostream& out, const std::string& file, const std::vector<assertion_report>& reports, bool timings);
void write_junit(std::ostream& out, const std::string& file, const std::vector<assertion_report>& reports, bool timings);

}  // namespace cspgate::report
