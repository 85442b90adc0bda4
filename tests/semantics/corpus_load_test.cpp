// Every corpus file loads: parses, binds its declarations, and evaluates
// every top-level definition that has no parameters.  Files where that is
// not yet so are listed, with the reason, in load_known_failures.txt.

#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace cspgate;

TEST(corpus, every_file_loads_and_evaluates_its_constants) {
    fs::path root = fs::path(CSPGATE_SOURCE_DIR) / ".." / "shared" / "corpus" / "cspm";
    if (!fs::is_directory(root)) GTEST_SKIP() << "SKIPPED: " << root << " not found (the shared corpus is absent)";
    std::set<std::string> known;
    std::ifstream in(std::string(CSPGATE_SOURCE_DIR) + "/tests/semantics/load_known_failures.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string path;
        words >> path;
        known.insert(path);
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.path().extension() == ".csp" && entry.path().string().find("should_fail") == std::string::npos)
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::size_t clean = 0, definitions = 0;
    for (const fs::path& file : files) {
        std::string rel = fs::relative(file, root).string();
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_file(sources, file.string(), sink);
        ASSERT_FALSE(sink.has_errors()) << rel << " does not parse";
        auto prog = semantics::program::load(script, sink);
        std::ostringstream problems;
        if (sink.has_errors()) base::render_all(problems, sources, sink);
        for (const std::string& name : prog->definitions()) {
            base::diagnostics e;
            ++definitions;
            if (!prog->lookup(name, e)) problems << name << ": " << e.all().front().message << "\n";
        }
        bool ok = problems.str().empty();
        bool listed = known.count(rel) > 0;
        if (ok) ++clean;
        EXPECT_EQ(ok, !listed) << rel << ": "
                               << (listed ? "listed in load_known_failures.txt but loads cleanly; remove it"
                                          : "does not load:\n" + problems.str());
    }
    std::cout << "corpus: " << files.size() << " files, " << clean << " load cleanly, " << definitions
              << " definitions evaluated\n";
}
