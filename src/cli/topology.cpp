/// \file
/// `cspgate topology FILE PROCESS [--dot FILE] [--json FILE]`: the
/// communication graph of a process (lts/topology.hpp) as text, as Graphviz
/// (written with Boost.Graph's write_graphviz) and as JSON
/// (cspgate.topology/v1, docs/schema/topology.md).

#include "commands.hpp"
#include "load_process.hpp"

#include "cspgate/lts/topology.hpp"

#include <CLI/CLI.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace cspgate::cli {
namespace {

struct topology_options {
    std::string file;
    std::string process;
    std::string dot;
    std::string json;
};

std::string own_text(const lts::topology_node& n) {
    std::string out;
    for (const auto& c : n.own) out += (out.empty() ? "" : ", ") + c.channel + (c.hidden ? " (hidden)" : "");
    return out;
}

void write_text(std::ostream& out, const std::string& process, const lts::topology& t) {
    out << "process: " << process << "\n";
    out << "components: " << t.nodes.size() << "\n";
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        out << "  [" << i << "] " << t.nodes[i].name;
        if (!t.nodes[i].own.empty()) out << "  (alone: " << own_text(t.nodes[i]) << ")";
        out << "\n";
    }
    out << "channels between components: " << t.edges.size() << "\n";
    for (const auto& e : t.edges) {
        out << "  [" << e.from << "] " << t.nodes[e.from].name << (e.directed ? " -> " : " -?- ") << "[" << e.to << "] "
            << t.nodes[e.to].name << ": " << e.channel << " (" << e.events << (e.events == 1 ? " event" : " events")
            << (e.hidden ? ", hidden" : "") << ")\n";
    }
}

struct vertex_info {
    std::string label;
};
struct edge_info {
    std::string label;
    bool directed = false;
    bool hidden = false;
};
using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, vertex_info, edge_info>;

std::string dot_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

// GCC 12 reports boost::optional inside Boost.Graph's edge iterator as "may
// be used uninitialized" once write_graphviz is inlined at -O3 (the known
// false positive of -Wmaybe-uninitialized with optional, as in the grammar).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
void write_dot(std::ostream& out, const lts::topology& t) {
    graph g(t.nodes.size());
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        std::string label = t.nodes[i].name;
        if (!t.nodes[i].own.empty()) label += "\n" + own_text(t.nodes[i]);
        g[i].label = label;
    }
    for (const auto& e : t.edges) boost::add_edge(e.from, e.to, edge_info{e.channel, e.directed, e.hidden}, g);
    boost::write_graphviz(
        out, g,
        [&](std::ostream& o, graph::vertex_descriptor v) { o << "[label=" << dot_quote(g[v].label) << ", shape=box]"; },
        [&](std::ostream& o, graph::edge_descriptor e) {
            const edge_info& x = g[e];
            o << "[label=" << dot_quote(x.directed ? x.label : x.label + " ?");
            if (!x.directed) o << ", dir=none";
            if (x.hidden) o << ", style=dashed";
            o << "]";
        },
        [](std::ostream& o) { o << "rankdir=LR;\n"; });
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void write_json(std::ostream& out, const std::string& file, const std::string& process, const lts::topology& t) {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["schema"] = "cspgate.topology/v1";
    doc["file"] = file;
    doc["process"] = process;
    ordered_json nodes = ordered_json::array();
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        ordered_json own = ordered_json::array();
        for (const auto& c : t.nodes[i].own) own.push_back({{"channel", c.channel}, {"hidden", c.hidden}});
        nodes.push_back({{"index", i}, {"name", t.nodes[i].name}, {"own_channels", std::move(own)}});
    }
    doc["components"] = std::move(nodes);
    ordered_json edges = ordered_json::array();
    for (const auto& e : t.edges)
        edges.push_back({{"from", e.from},
                         {"to", e.to},
                         {"channel", e.channel},
                         {"directed", e.directed},
                         {"hidden", e.hidden},
                         {"events", e.events}});
    doc["edges"] = std::move(edges);
    out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

void run_topology(const topology_options& opt, run_state& state) {
    std::optional<loaded_process> loaded = load_process(opt.file, opt.process, {}, state);
    if (!loaded) return;
    std::optional<lts::topology> t = lts::topology_of(loaded->machine());
    if (!t) {
        std::cerr << "cspgate: error: '" << opt.process << "' did not compile to components\n";
        state.code = base::exit_code::bad_input;
        return;
    }
    write_text(std::cout, opt.process, *t);
    bool ok = write_file(opt.dot, [&](std::ostream& o) { write_dot(o, *t); }) &&
              write_file(opt.json, [&](std::ostream& o) { write_json(o, opt.file, opt.process, *t); });
    state.code = ok ? base::exit_code::ok : base::exit_code::bad_input;
}

}  // namespace

void register_topology(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<topology_options>();
    auto* cmd = app.add_subcommand("topology", "Print the communication graph of a process: components and the channels between them");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_option("process", opt->process, "the process, an expression such as 'SYSTEM'")->required();
    cmd->add_option("--dot", opt->dot, "write the graph for Graphviz to FILE");
    cmd->add_option("--json", opt->json, "write the graph as JSON (schema cspgate.topology/v1) to FILE");
    cmd->callback([opt, &state] { run_topology(*opt, state); });
}

}  // namespace cspgate::cli
