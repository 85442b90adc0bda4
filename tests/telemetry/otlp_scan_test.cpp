// The hand-written scanner of the reader's fast path (src/telemetry/otlp_scan.hpp)
// against nlohmann-json (read_mode::reference): on hand-made documents that
// use every corner of JSON and of OTLP/JSON, and on many thousands of their
// random mutations, both modes must give the same spans, the same summary
// and the same error (offset and message).  The scanner must also really
// read the common documents itself, or it would be correct but useless.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace cspgate::telemetry;

struct outcome {
    std::vector<span_data> spans;
    read_summary summary;
    std::optional<read_error> error;
};

outcome read(const std::string& text, read_mode mode, bool in_memory = false) {
    outcome r;
    auto keep = [&](const span_data& s) { r.spans.push_back(s); return true; };
    if (in_memory) {
        r.error = read_otlp_json(std::string_view(text), keep, r.summary, mode);
        return r;
    }
    std::istringstream in(text);
    r.error = read_otlp_json(in, keep, r.summary, mode);
    return r;
}

auto fields(const span_data& s) {
    return std::tuple(s.trace.hi, s.trace.lo, s.span, s.has_parent, s.has_parent ? s.parent : 0, s.start_unix_nano,
                      s.end_unix_nano);
}

void expect_same(const outcome& fast, const outcome& ref, const std::string& text);

/// Both modes, from a stream and from memory, read `text` alike; returns
/// the fast outcome from a stream.
outcome expect_same(const std::string& text) {
    outcome fast = read(text, read_mode::fast);
    outcome ref = read(text, read_mode::reference);
    expect_same(fast, ref, text);
    expect_same(read(text, read_mode::fast, true), ref, text);
    return fast;
}

void expect_same(const outcome& fast, const outcome& ref, const std::string& text) {
    EXPECT_EQ(ref.summary.scanned_documents, 0u);
    EXPECT_EQ(fast.error.has_value(), ref.error.has_value()) << text;
    if (fast.error && ref.error) {
        EXPECT_EQ(fast.error->offset, ref.error->offset) << text;
        EXPECT_EQ(fast.error->message, ref.error->message) << text;
        return;
    }
    EXPECT_EQ(fast.summary.spans, ref.summary.spans) << text;
    EXPECT_EQ(fast.summary.documents, ref.summary.documents) << text;
    EXPECT_EQ(fast.summary.bytes, ref.summary.bytes) << text;
    EXPECT_EQ(fast.summary.stopped, ref.summary.stopped) << text;
    EXPECT_EQ(fast.spans.size(), ref.spans.size()) << text;
    for (std::size_t i = 0; i < fast.spans.size() && i < ref.spans.size(); ++i)
        EXPECT_EQ(fields(fast.spans[i]), fields(ref.spans[i])) << text << " span " << i;
}

const std::string T = "4bf92f3577b34da6a3ce929d0e0e4736";

std::string doc(const std::string& spans, const std::string& resource_extra = "") {
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]})" +
           resource_extra + R"(,"scopeSpans":[{"scope":{"name":"s","version":"1"},"spans":[)" + spans + "]}]}]}";
}

/// Documents that touch every branch of the scanner, valid and not.
std::vector<std::string> corners() {
    const std::string root = R"({"traceId":")" + T + R"(","spanId":"00f067aa0ba902b7","parentSpanId":"","startTimeUnixNano":"1000","endTimeUnixNano":2000})";
    const std::string child = R"({"traceId":")" + T + R"(","spanId":"00F067AA0BA902B8","parentSpanId":"00f067aa0ba902b7","startTimeUnixNano":1001,)"
                              R"("name":"caf\u00e9 \"q\" \\ \/ \b\f\n\r\t — ü 𝄞","kind":2,"attributes":[{"key":"d","value":{"doubleValue":-0.5}},)"
                              R"({"key":"i","value":{"intValue":"-12"}},{"key":"b","value":{"boolValue":true}},{"key":"n","value":null},)"
                              R"({"key":"a","value":{"arrayValue":{"values":[[],{},[[[1]]],false,-0,0.25,123456789012345678901234567890]}}}],)"
                              R"("status":{}})";
    std::vector<std::string> docs = {
        doc(root),
        doc(root + "," + child),
        doc(" " + root + " ,\t" + child + " ") + "\r\n" + doc(child),
        doc(R"({"trace_id":")" + T + R"(","span_id":"0000000000000001","parent_span_id":null,"start_time_unix_nano":"18446744073709551615"})"),
        R"({"resourceSpans":[{"instrumentationLibrarySpans":[{"spans":[{"traceId":")" + T + R"(","spanId":"0000000000000002"}]}]}]})",
        R"({"resource_spans":[{"scope_spans":[{"spans":[{"traceId":")" + T + R"(","spanId":"0000000000000002","spanId":"0000000000000003"}]}]}]})",
        R"({"resourceSpans":null})",
        R"({"resourceSpans":[{"scopeSpans":null},{"scopeSpans":[{"spans":null}]}]})",
        R"({})",
        // Over several lines, several on a line, and a NUL (the end of the input to nlohmann).
        doc("\n  " + root + ",\n  " + child + "\n") + "\n",
        std::string("{\"resourceSpans\":[]} \0 x\n{}", 27),
        R"(  {"other":{"resourceSpans":[1]},"resourceSpans":[]}  )",
        // Valid, but left to nlohmann: escapes in keys or ids, "-0", exponents, a BOM.
        doc(R"({"trace\u0049d":")" + T + R"(","spanId":"0000000000000001"})"),
        doc(R"({"traceId":"\u0034bf92f3577b34da6a3ce929d0e0e4736","spanId":"0000000000000001"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":-0})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","x":1e5,"y":2E-3})"),
        "\xEF\xBB\xBF" + doc(root),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","name":"\ud834\udd1e"})"),
        // Errors, each of its own kind.
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","x":1e999})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"000000000000001"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"000000000000001g"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","parentSpanId":"01"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":"18446744073709551616"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":18446744073709551616})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":1.5})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":-3})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","startTimeUnixNano":true})"),
        doc(R"({"traceId":")" + T + R"(","spanId":"0000000000000001","endTimeUnixNano":"12a"})"),
        doc(R"({"traceId":")" + T + R"("})"),
        doc(R"({"spanId":"0000000000000001"})"),
        doc(R"({"traceId":[],"spanId":"0000000000000001"})"),
        doc(R"({"traceId":")" + T + R"(","spanId":{}})"),
        doc("null"),
        doc("1"),
        doc("\"s\""),
        R"({"resourceSpans":{}})",
        R"({"resourceSpans":[[]]})",
        R"({"resourceSpans":"x"})",
        R"([])",
        R"(null)",
        R"({"a":01})",
        R"({"a":1.})",
        R"({"a":-})",
        R"({"a":.5})",
        R"({"a":tru})",
        R"({"a":nul})",
        R"({"a":"\x"})",
        R"({"a":"\u12"})",
        R"({"a":"\udc00"})",
        R"({"a":"\ud800"})",
        "{\"a\":\"\x01\"}",
        std::string("{\"a\":\"\0\"}", 9),
        "{\"a\":\"\xC0\x80\"}",
        "{\"a\":\"\xE0\x80\x80\"}",
        "{\"a\":\"\xED\xA0\x80\"}",
        "{\"a\":\"\xF4\x90\x80\x80\"}",
        "{\"a\":\"\xF5\x80\x80\x80\"}",
        "{\"a\":\"\xC3\"}",
        "{\"a\":\"\xE2\x82\"}",
        "{\"a\":\"\xFF\"}",
        R"({"a":[1,]})",
        R"({"a":{"b":1,}})",
        R"({"a":{"b" 1}})",
        R"({"a":{1:1}})",
        R"({"a":[1 2]})",
        R"({"a":1}})",
        R"({"a":1} {"b":2})",
        R"({"resourceSpans":[]} {"resourceSpans":[]})",
        R"({"a":1} x)",
        R"({"a")",
        R"({"a":"unterminated)",
        "{\"a\":[" + std::string(2000, '[') + std::string(2000, ']') + "]}",
        "{\"a\":[" + std::string(2000, '[') + "]}",
    };
    return docs;
}

TEST(OtlpScan, CornersReadAlikeInBothModes) {
    for (const std::string& d : corners()) {
        expect_same(d);
        expect_same(d + "\n" + d + "\n");
    }
}

TEST(OtlpScan, TheScannerReadsTheCommonDocumentsItself) {
    auto all = corners();
    // The first twelve are valid documents the scanner is meant to read.
    for (std::size_t i = 0; i < 12; ++i) {
        outcome r = expect_same(all[i]);
        ASSERT_FALSE(r.error) << all[i];
        EXPECT_EQ(r.summary.scanned_documents, r.summary.documents) << all[i];
    }
    // The next six are valid, but left to nlohmann-json.
    for (std::size_t i = 12; i < 18; ++i) {
        outcome r = expect_same(all[i]);
        ASSERT_FALSE(r.error) << all[i];
        EXPECT_EQ(r.summary.scanned_documents, 0u) << all[i];
    }
}

/// Random edits biased to the bytes that matter to JSON and UTF-8.
std::string mutate(std::string s, std::mt19937_64& rng) {
    static const std::string alphabet = std::string("{}[]\",:\\ \n\t0123456789abcdefABCDEFeE+-.untrlsx/") +
                                        std::string("\x00\x01\x1f\x7f\x80\xbf\xc2\xc3\xdf\xe0\xed\xef\xf0\xf4\xf5\xff", 16);
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !s.empty(); ++e) {
        std::size_t at = rng() % s.size();
        char c = alphabet[rng() % alphabet.size()];
        switch (rng() % 5) {
        case 0: s[at] = c; break;
        case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        case 2: s.erase(at, 1 + rng() % 4); break;
        case 3: s.resize(at); break;
        default: {
            std::size_t from = rng() % s.size();
            s.insert(at, s.substr(from, 1 + rng() % 24));
        }
        }
    }
    return s;
}

TEST(OtlpScan, MutationsReadAlikeInBothModes) {
    std::mt19937_64 rng(20261127);
    auto docs = corners();
    std::size_t read_by_scanner = 0, errors = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text = mutate(docs[rng() % docs.size()], rng);
        if (rng() % 4 == 0) text += "\n" + mutate(docs[rng() % 12], rng);
        outcome r = expect_same(text);
        read_by_scanner += r.summary.scanned_documents != 0;
        errors += r.error.has_value();
        if (HasFailure()) break;
    }
    // Both kinds of outcome must be common, or the test proves little.
    EXPECT_GT(read_by_scanner, 500u);
    EXPECT_GT(errors, 5000u);
}

}  // namespace
