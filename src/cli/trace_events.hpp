#pragma once
/// \file
/// The events of a trace file (replay/trace_file.hpp) as events of a
/// compiled process, for `cspgate replay` and `cspgate simulate --follow`:
/// each distinct printed event is parsed as a CSPM expression into the
/// script before its program is loaded (which binds the script's names),
/// then evaluated once the program is, and looked up in the process space.
/// ✓ and τ are not expressions.

#include "load_process.hpp"

#include "cspgate/lts/machine.hpp"
#include "cspgate/replay/trace_file.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::cli {

/// Distinct event texts of a trace, parsed as expressions of a script.
using parsed_events = std::map<std::string, syntax::ast::expr_id>;

/// Parses the events of `trace` (read from `trace_name`) into `m`'s script.
/// False after a usage error (an event that does not parse), reported on
/// stderr with exit code 2.
bool parse_trace_events(loaded_model& m, const replay::trace_file& trace, const std::string& trace_name,
                        parsed_events& out, run_state& state);

/// The process's event for each event of `trace`; nothing after a usage
/// error (an event the model does not have), reported as above.  `file`
/// names the model in messages.
std::optional<std::vector<lts::event_id>> resolve_trace_events(const replay::trace_file& trace, const parsed_events& parsed,
                                                               loaded_process& loaded, const std::string& trace_name,
                                                               const std::string& file, run_state& state);

}  // namespace cspgate::cli
