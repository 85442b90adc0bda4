#pragma once
/// \file
/// Many runs: seeds s, s+1, ..., s+N-1 spread over threads, and what they
/// give together (the mean and the 95% confidence interval of each
/// measurement, Student's t over the runs).  Each run depends on its seed
/// alone and results are combined in seed order, so the outcome is the same
/// whatever the number of threads.

#include "cspgate/sim/engine.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cspgate::sim {

/// One figure over the runs.
struct metric {
    std::string name;
    bool seconds = false;  ///< a duration (else a count or a fraction)
    std::vector<double> values;  ///< one per run that has it, in seed order
    double mean = 0;
    /// Half-width of the 95% interval of the mean (0 with fewer than two values).
    double half_width = 0;
};

/// Makes the policy of one run (a run that follows a trace), for the machine that runs it.
using policy_maker = std::function<std::unique_ptr<policy>(const lts::machine&)>;

/// Runs `runs` simulations, seeds opt.seed onwards; machines.size() threads,
/// one machine each.  `first_observer` sees the run of the first seed.
/// With `make_policy`, each run has a policy of its own made by it.
std::vector<run_result> run_many(const std::vector<const lts::machine*>& machines, const plan& p,
                                 const run_options& opt, std::uint64_t runs, observer* first_observer,
                                 const policy_maker& make_policy = {});

/// The figures of a set of runs, in a fixed order: per run totals, then per
/// measurement, counter and channel.
std::vector<metric> aggregate(const std::vector<run_result>& runs);

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
double student_t975(std::size_t df);

}  // namespace cspgate::sim
