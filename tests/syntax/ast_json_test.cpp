// Tests of the JSON form of the syntax tree (schema cspgate.ast/v1): a
// golden document, validity over every model and corpus file, determinism,
// and the repair of invalid UTF-8.

#include "cspgate/syntax/ast_json.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace cspgate;

std::string json_of_text(const std::string& name, const std::string& text) {
    base::source_manager sources;
    base::diagnostics sink;
    auto script = syntax::parse_text(sources, name, text, sink);
    EXPECT_FALSE(sink.has_errors()) << name;
    std::ostringstream out;
    syntax::write_ast_json(out, script, sources);
    return out.str();
}

// The JSON of a file, or "" when the file does not parse without errors.
std::string json_of_file(const fs::path& path) {
    base::source_manager sources;
    base::diagnostics sink;
    auto script = syntax::parse_file(sources, path.string(), sink);
    if (sink.has_errors()) return {};
    std::ostringstream out;
    syntax::write_ast_json(out, script, sources);
    return out.str();
}

std::vector<fs::path> csp_files_under(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file() && entry.path().extension() == ".csp") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Parses the text back (nlohmann rejects invalid UTF-8) and checks the
// envelope, and that every object with a "kind" is a node: "kind" first,
// "span" second, and never a partial.  The walk uses an explicit stack.
void expect_valid_document(const std::string& text, const std::string& what) {
    nlohmann::ordered_json doc;
    try {
        doc = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        ADD_FAILURE() << what << ": not valid JSON: " << e.what();
        return;
    }
    ASSERT_TRUE(doc.is_object()) << what;
    EXPECT_EQ(doc.begin().key(), "schema") << what;
    EXPECT_EQ(doc["schema"], "cspgate.ast/v1") << what;
    ASSERT_TRUE(doc["files"].is_array()) << what;
    ASSERT_TRUE(doc["declarations"].is_array()) << what;
    std::vector<const nlohmann::ordered_json*> stack{&doc["declarations"]};
    while (!stack.empty()) {
        const auto* v = stack.back();
        stack.pop_back();
        if (v->is_object() && v->contains("kind")) {
            auto it = v->begin();
            ASSERT_EQ(it.key(), "kind") << what;
            EXPECT_NE(it.value(), "partial") << what;
            ASSERT_EQ((++it).key(), "span") << what << ": " << v->at("kind");
        }
        if (v->is_structured())
            for (const auto& child : *v) stack.push_back(&child);
    }
}

// A prefix with input and output fields, a generalised parallel, a function
// of two clauses, a property assertion and a refinement.
constexpr const char* golden_model =
    "channel c : {0,1}\n"
    "channel d\n"
    "P = c?x:{0,1}!x -> P\n"
    "Q = P [| {| c |} |] (d -> STOP)\n"
    "f(0) = 1\n"
    "f(n) = 2\n"
    "assert P :[deadlock free [F]]\n"
    "assert Q [FD= P\n";

constexpr const char* golden_json = R"json({
  "schema": "cspgate.ast/v1",
  "files": [
    {
      "id": 0,
      "path": "golden.csp"
    }
  ],
  "declarations": [
    {
      "kind": "channel_declaration",
      "span": {"file": 0, "line": 1, "column": 1, "end_line": 1, "end_column": 18},
      "names": [
        {
          "text": "c",
          "span": {"file": 0, "line": 1, "column": 9, "end_line": 1, "end_column": 10}
        }
      ],
      "type": {
        "kind": "set_enumeration",
        "span": {"file": 0, "line": 1, "column": 13, "end_line": 1, "end_column": 18},
        "elements": [
          {
            "kind": "int_literal",
            "span": {"file": 0, "line": 1, "column": 14, "end_line": 1, "end_column": 15},
            "value": 0
          },
          {
            "kind": "int_literal",
            "span": {"file": 0, "line": 1, "column": 16, "end_line": 1, "end_column": 17},
            "value": 1
          }
        ]
      }
    },
    {
      "kind": "channel_declaration",
      "span": {"file": 0, "line": 2, "column": 1, "end_line": 2, "end_column": 10},
      "names": [
        {
          "text": "d",
          "span": {"file": 0, "line": 2, "column": 9, "end_line": 2, "end_column": 10}
        }
      ],
      "type": null
    },
    {
      "kind": "pattern_binding",
      "span": {"file": 0, "line": 3, "column": 1, "end_line": 3, "end_column": 21},
      "pattern": {
        "kind": "variable_pattern",
        "span": {"file": 0, "line": 3, "column": 1, "end_line": 3, "end_column": 2},
        "name": ["P"]
      },
      "body": {
        "kind": "prefix",
        "span": {"file": 0, "line": 3, "column": 5, "end_line": 3, "end_column": 21},
        "event": {
          "kind": "variable",
          "span": {"file": 0, "line": 3, "column": 5, "end_line": 3, "end_column": 6},
          "name": ["c"]
        },
        "fields": [
          {
            "field_kind": "input",
            "span": {"file": 0, "line": 3, "column": 6, "end_line": 3, "end_column": 14},
            "value": null,
            "pattern": {
              "kind": "variable_pattern",
              "span": {"file": 0, "line": 3, "column": 7, "end_line": 3, "end_column": 8},
              "name": ["x"]
            },
            "restriction": {
              "kind": "set_enumeration",
              "span": {"file": 0, "line": 3, "column": 9, "end_line": 3, "end_column": 14},
              "elements": [
                {
                  "kind": "int_literal",
                  "span": {"file": 0, "line": 3, "column": 10, "end_line": 3, "end_column": 11},
                  "value": 0
                },
                {
                  "kind": "int_literal",
                  "span": {"file": 0, "line": 3, "column": 12, "end_line": 3, "end_column": 13},
                  "value": 1
                }
              ]
            }
          },
          {
            "field_kind": "output",
            "span": {"file": 0, "line": 3, "column": 14, "end_line": 3, "end_column": 16},
            "value": {
              "kind": "variable",
              "span": {"file": 0, "line": 3, "column": 15, "end_line": 3, "end_column": 16},
              "name": ["x"]
            },
            "pattern": null,
            "restriction": null
          }
        ],
        "body": {
          "kind": "variable",
          "span": {"file": 0, "line": 3, "column": 20, "end_line": 3, "end_column": 21},
          "name": ["P"]
        }
      }
    },
    {
      "kind": "pattern_binding",
      "span": {"file": 0, "line": 4, "column": 1, "end_line": 4, "end_column": 32},
      "pattern": {
        "kind": "variable_pattern",
        "span": {"file": 0, "line": 4, "column": 1, "end_line": 4, "end_column": 2},
        "name": ["Q"]
      },
      "body": {
        "kind": "generalised_parallel",
        "span": {"file": 0, "line": 4, "column": 5, "end_line": 4, "end_column": 32},
        "lhs": {
          "kind": "variable",
          "span": {"file": 0, "line": 4, "column": 5, "end_line": 4, "end_column": 6},
          "name": ["P"]
        },
        "sync": {
          "kind": "closure",
          "span": {"file": 0, "line": 4, "column": 10, "end_line": 4, "end_column": 17},
          "elements": [
            {
              "kind": "variable",
              "span": {"file": 0, "line": 4, "column": 13, "end_line": 4, "end_column": 14},
              "name": ["c"]
            }
          ]
        },
        "rhs": {
          "kind": "prefix",
          "span": {"file": 0, "line": 4, "column": 21, "end_line": 4, "end_column": 32},
          "event": {
            "kind": "variable",
            "span": {"file": 0, "line": 4, "column": 22, "end_line": 4, "end_column": 23},
            "name": ["d"]
          },
          "fields": [],
          "body": {
            "kind": "variable",
            "span": {"file": 0, "line": 4, "column": 27, "end_line": 4, "end_column": 31},
            "name": ["STOP"]
          }
        }
      }
    },
    {
      "kind": "function_binding",
      "span": {"file": 0, "line": 5, "column": 1, "end_line": 6, "end_column": 9},
      "name": {
        "text": "f",
        "span": {"file": 0, "line": 5, "column": 1, "end_line": 5, "end_column": 2}
      },
      "clauses": [
        {
          "span": {"file": 0, "line": 5, "column": 1, "end_line": 5, "end_column": 9},
          "parameters": [
            [
              {
                "kind": "int_pattern",
                "span": {"file": 0, "line": 5, "column": 3, "end_line": 5, "end_column": 4},
                "value": 0
              }
            ]
          ],
          "body": {
            "kind": "int_literal",
            "span": {"file": 0, "line": 5, "column": 8, "end_line": 5, "end_column": 9},
            "value": 1
          }
        },
        {
          "span": {"file": 0, "line": 6, "column": 1, "end_line": 6, "end_column": 9},
          "parameters": [
            [
              {
                "kind": "variable_pattern",
                "span": {"file": 0, "line": 6, "column": 3, "end_line": 6, "end_column": 4},
                "name": ["n"]
              }
            ]
          ],
          "body": {
            "kind": "int_literal",
            "span": {"file": 0, "line": 6, "column": 8, "end_line": 6, "end_column": 9},
            "value": 2
          }
        }
      ]
    },
    {
      "kind": "assertion",
      "span": {"file": 0, "line": 7, "column": 1, "end_line": 7, "end_column": 30},
      "negated": false,
      "assertion_kind": "deadlock_free",
      "model": "F",
      "property_where": {"file": 0, "line": 7, "column": 10, "end_line": 7, "end_column": 30},
      "lhs": {
        "kind": "variable",
        "span": {"file": 0, "line": 7, "column": 8, "end_line": 7, "end_column": 9},
        "name": ["P"]
      },
      "rhs": null,
      "options": []
    },
    {
      "kind": "assertion",
      "span": {"file": 0, "line": 8, "column": 1, "end_line": 8, "end_column": 16},
      "negated": false,
      "assertion_kind": "refinement",
      "model": "FD",
      "property_where": {"file": 0, "line": 8, "column": 10, "end_line": 8, "end_column": 14},
      "lhs": {
        "kind": "variable",
        "span": {"file": 0, "line": 8, "column": 8, "end_line": 8, "end_column": 9},
        "name": ["Q"]
      },
      "rhs": {
        "kind": "variable",
        "span": {"file": 0, "line": 8, "column": 15, "end_line": 8, "end_column": 16},
        "name": ["P"]
      },
      "options": []
    }
  ]
}
)json";

TEST(ast_json, golden_document) {
    EXPECT_EQ(json_of_text("golden.csp", golden_model), golden_json);
}

TEST(ast_json, every_model_gives_valid_json) {
    auto files = csp_files_under(fs::path(CSPGATE_SOURCE_DIR) / "models");
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        std::string json = json_of_file(file);
        ASSERT_FALSE(json.empty()) << file << " does not parse";
        expect_valid_document(json, file.string());
    }
}

TEST(ast_json, every_corpus_file_that_parses_gives_valid_json) {
    fs::path root = fs::path(CSPGATE_SOURCE_DIR) / ".." / "shared" / "corpus" / "cspm";
    if (!fs::is_directory(root)) GTEST_SKIP() << "no CSPM corpus at " << root.string();
    std::size_t parsed = 0;
    for (const auto& file : csp_files_under(root)) {
        std::string json = json_of_file(file);
        if (json.empty()) continue;
        ++parsed;
        expect_valid_document(json, file.string());
    }
    EXPECT_GT(parsed, 0u);
}

TEST(ast_json, output_is_the_same_on_every_run) {
    for (const auto& file : csp_files_under(fs::path(CSPGATE_SOURCE_DIR) / "models")) {
        std::string first = json_of_file(file);
        EXPECT_EQ(json_of_file(file), first) << file;
    }
    EXPECT_EQ(json_of_text("golden.csp", golden_model), json_of_text("golden.csp", golden_model));
}

// Each maximal ill-formed subsequence becomes one U+FFFD: a stray FF, a lead
// byte C3 before '(', the three bytes of the surrogate ED A0 80 (ED allows
// only 80..9F next), and E2 82 cut short by the end of the string.
TEST(ast_json, invalid_utf8_in_a_string_is_replaced) {
    std::string json = json_of_text("u.csp", "x = \"a\xFF\xC3(b\xED\xA0\x80z\xE2\x82\"\n");
    expect_valid_document(json, "u.csp");
    auto doc = nlohmann::json::parse(json);
    EXPECT_EQ(doc["declarations"][0]["body"]["value"], "a\uFFFD\uFFFD(b\uFFFD\uFFFD\uFFFDz\uFFFD");
}

TEST(ast_json, control_characters_and_quotes_are_escaped) {
    std::string json = json_of_text("e.csp", "x = \"tab\\t \\\"q\\\" \\\\ \x01 \xC3\xA9\"\n");
    // Valid UTF-8 (the é) is written as it is.
    EXPECT_NE(json.find("\"value\": \"tab\\t \\\"q\\\" \\\\ \\u0001 \xC3\xA9\""), std::string::npos) << json;
}

// A chain of 20,000 prefixes is an ordinary model; the writer must neither
// recurse on it nor indent it quadratically.
TEST(ast_json, deep_prefix_chain) {
    std::string text = "channel a\nP = ";
    for (int i = 0; i < 20000; ++i) text += "a -> ";
    text += "STOP\n";
    std::string json = json_of_text("deep.csp", text);
    EXPECT_LT(json.size(), std::size_t{64} << 20);
    std::size_t longest = 0, start = 0;
    for (std::size_t nl; (nl = json.find('\n', start)) != std::string::npos; start = nl + 1)
        longest = std::max(longest, nl - start);
    EXPECT_LT(longest, 300u);
    EXPECT_TRUE(nlohmann::json::accept(json));
}

TEST(ast_json, includes_are_nested) {
    fs::path dir = fs::temp_directory_path() / ("cspgate_ast_json_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "inner.csp") << "channel e\n";
    std::ofstream(dir / "outer.csp") << "include \"inner.csp\"\nP = e -> STOP\n";
    std::string json = json_of_file(dir / "outer.csp");
    fs::remove_all(dir);
    ASSERT_FALSE(json.empty());
    auto doc = nlohmann::json::parse(json);
    ASSERT_EQ(doc["files"].size(), 2u);
    const auto& inc = doc["declarations"][0];
    EXPECT_EQ(inc["kind"], "include_declaration");
    EXPECT_EQ(inc["path"], "inner.csp");
    EXPECT_EQ(inc["loaded"], true);
    EXPECT_EQ(inc["file"], 1);
    ASSERT_EQ(inc["declarations"].size(), 1u);
    EXPECT_EQ(inc["declarations"][0]["kind"], "channel_declaration");
    EXPECT_EQ(inc["declarations"][0]["span"]["file"], 1);
    EXPECT_EQ(doc["declarations"][1]["kind"], "pattern_binding");
}

}  // namespace
