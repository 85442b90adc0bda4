// The streaming OTLP/JSON reader: the encodings the specification allows,
// the fields it ignores, JSON Lines, and errors with their byte position.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace cspgate::telemetry;

struct read_result {
    std::vector<span_data> spans;
    read_summary summary;
    std::optional<read_error> error;
};

read_result read(const std::string& text) {
    read_result r;
    std::istringstream in(text);
    r.error = read_otlp_json(in, [&](const span_data& s) { r.spans.push_back(s); return true; }, r.summary);
    return r;
}

/// A document with the given spans in one resource and one scope.
std::string doc(const std::string& spans) {
    return R"({"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{"name":"s"},"spans":[)" + spans + "]}]}]}";
}

TEST(OtlpReader, UpperCaseIdsAndStringTimes) {
    auto r = read(doc(R"({"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
        "parentSpanId":"EEE19B7EC3C1B173","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000"})"));
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.spans.size(), 1u);
    EXPECT_EQ(to_hex(r.spans[0].trace), "5b8efff798038103d269b633813fc60c");
    EXPECT_EQ(to_hex(r.spans[0].span), "eee19b7ec3c1b174");
    EXPECT_TRUE(r.spans[0].has_parent);
    EXPECT_EQ(to_hex(r.spans[0].parent), "eee19b7ec3c1b173");
    EXPECT_EQ(r.spans[0].start_unix_nano, 1544712660000000000u);
    EXPECT_EQ(r.spans[0].end_unix_nano, 1544712661000000000u);
    EXPECT_EQ(r.summary.documents, 1u);
    EXPECT_EQ(r.summary.spans, 1u);
}

TEST(OtlpReader, NumberTimesAndTheLargest64BitValue) {
    auto r = read(doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"000000000000000b",
        "startTimeUnixNano":18446744073709551615,"endTimeUnixNano":0})"));
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.spans.size(), 1u);
    EXPECT_EQ(r.spans[0].start_unix_nano, 18446744073709551615u);
    EXPECT_EQ(r.spans[0].end_unix_nano, 0u);
    auto s = read(doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"000000000000000b",
        "startTimeUnixNano":"18446744073709551615"})"));
    ASSERT_FALSE(s.error);
    EXPECT_EQ(s.spans[0].start_unix_nano, 18446744073709551615u);
}

TEST(OtlpReader, MissingEmptyAndNullParentMeanRoot) {
    auto r = read(doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"},
        {"traceId":"0000000000000000000000000000000a","spanId":"0000000000000002","parentSpanId":""},
        {"traceId":"0000000000000000000000000000000a","spanId":"0000000000000003","parentSpanId":null})"));
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.spans.size(), 3u);
    for (const auto& s : r.spans) EXPECT_FALSE(s.has_parent);
    EXPECT_EQ(r.spans[0].start_unix_nano, 0u);  // absent: proto3's zero
}

TEST(OtlpReader, UnknownFieldsAndLookalikeKeysAreIgnored) {
    // Attributes, events and links hold objects and arrays, even a key named
    // "spans" or "traceId": only the path resourceSpans/scopeSpans/spans counts.
    auto r = read(R"({"schemaUrl":"x","resourceSpans":[{"resource":{"attributes":[{"key":"spans","value":
        {"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"traceId","value":{"stringValue":"zz"}}]}}]}}}]},
        "schemaUrl":"", "scopeSpans":[{"scope":{"name":"a","attributes":[]},"spans":[
        {"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001","name":"n","kind":2,
         "traceState":"k=v","flags":1,"status":{},"droppedAttributesCount":0,
         "events":[{"timeUnixNano":"1","name":"e","attributes":[{"key":"spanId","value":{"intValue":"23456"}}]}],
         "links":[{"traceId":"0000000000000000000000000000000b","spanId":"0000000000000009"}],
         "attributes":[{"key":"b","value":{"bytesValue":"AAAwOQ=="}},{"key":"d","value":{"doubleValue":1.5}},
                       {"key":"t","value":{"boolValue":true}},{"key":"n","value":null}]}],
        "unknownList":[[[[{"spans":[1,2,3]}]]]]}]}],"extra":{"resourceSpans":5}})");
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.spans.size(), 1u);
    EXPECT_EQ(r.spans[0].span, 1u);
    EXPECT_FALSE(r.spans[0].has_parent);
}

TEST(OtlpReader, OldAndProtoFieldNames) {
    auto r = read(R"({"resource_spans":[{"instrumentationLibrarySpans":[{"spans":[
        {"trace_id":"0000000000000000000000000000000a","span_id":"0000000000000002","parent_span_id":"0000000000000001",
         "start_time_unix_nano":"5"}]}]},
        {"instrumentation_library_spans":[{"spans":[{"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"}]}]}]})");
    ASSERT_FALSE(r.error) << r.error->message;
    ASSERT_EQ(r.spans.size(), 2u);
    EXPECT_EQ(r.spans[0].parent, 1u);
    EXPECT_EQ(r.spans[0].start_unix_nano, 5u);
}

TEST(OtlpReader, JsonLinesOfSeveralDocuments) {
    std::string text;
    for (int i = 1; i <= 3; ++i)
        text += doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"000000000000000)" + std::to_string(i) + "\"}") + "\r\n";
    text += "{}\n\n";  // a document without spans
    auto r = read(text);
    ASSERT_FALSE(r.error) << r.error->message;
    EXPECT_EQ(r.summary.documents, 4u);
    ASSERT_EQ(r.spans.size(), 3u);
    EXPECT_EQ(r.spans[2].span, 3u);
    EXPECT_EQ(r.summary.bytes, text.size());
}

TEST(OtlpReader, TwoDocumentsOnOneLineAndOneOverSeveralLines) {
    std::string a = doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"})");
    std::string b = doc(R"({"traceId":"0000000000000000000000000000000a",
        "spanId":"0000000000000002"})");
    auto r = read(a + a + "\n" + b + "\n" + a);
    ASSERT_FALSE(r.error) << r.error->message;
    EXPECT_EQ(r.summary.documents, 4u);
    ASSERT_EQ(r.spans.size(), 4u);
    EXPECT_EQ(r.spans[2].span, 2u);
}

TEST(OtlpReader, ALineLargerThanTheBufferIsStreamed) {
    // 6 MB of attributes in one line: more than the 4 MiB buffer, so the
    // document is read byte by byte; the spans on both sides of it are read
    // from whole lines.
    std::string big = R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000002","attributes":[)";
    for (int i = 0; i < 100000; ++i) big += std::string(i ? "," : "") + R"({"key":"k","value":{"stringValue":"0123456789abcdef0123456789abcdef"}})";
    big += "]}";
    std::string small = doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"})");
    std::string text = small + "\n" + doc(big) + "\n" + small + "\n" + "{\"resourceSpans\":7}";
    ASSERT_GT(doc(big).size(), std::size_t{4} << 20);
    auto r = read(text);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->message, "resourceSpans must not be a number");
    EXPECT_EQ(r.error->offset, text.size() - 2);  // the 7
    ASSERT_EQ(r.spans.size(), 3u);
    EXPECT_EQ(r.spans[1].span, 2u);
    EXPECT_EQ(r.summary.documents, 3u);
}

TEST(OtlpReader, EmptyInputHasNoSpans) {
    auto r = read(" \n\t ");
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.summary.documents, 0u);
    EXPECT_TRUE(r.spans.empty());
}

TEST(OtlpReader, TruncatedFileGivesThePositionOfTheEnd) {
    std::string text = doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"})");
    std::string cut = "\n" + text.substr(0, text.size() - 7);  // the span's '}' and all after it
    auto r = read(cut);
    ASSERT_TRUE(r.error);
    EXPECT_NE(r.error->message.find("unexpected end of input"), std::string::npos) << r.error->message;
    EXPECT_EQ(r.error->offset, cut.size());
    std::istringstream again(cut);
    auto where = locate(again, "t.json", r.error->offset);
    EXPECT_EQ(where.line, 2u);
    EXPECT_EQ(where.column, text.size() - 7 + 1);
}

TEST(OtlpReader, SyntaxErrorInTheSecondLineIsPlacedThere) {
    std::string first = doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001"})");
    std::string text = first + "\n{\"resourceSpans\": [}\n";
    auto r = read(text);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.spans.size(), 1u);  // the first document was read
    EXPECT_EQ(r.error->offset, first.size() + 1 + 19);  // the '}'
    std::istringstream again(text);
    auto where = locate(again, "t.json", r.error->offset);
    EXPECT_EQ(where.line, 2u);
    EXPECT_EQ(where.column, 20u);
    EXPECT_EQ(where.text, "{\"resourceSpans\": [}");
    std::ostringstream out;
    cspgate::base::render_excerpt(out, where, cspgate::base::severity::error, r.error->message);
    EXPECT_EQ(out.str(), "t.json:2:20: error: " + r.error->message + "\n{\"resourceSpans\": [}\n                   ^\n");
}

TEST(OtlpReader, BadIdsArePlacedAtTheString) {
    std::string prefix = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":)";
    auto r = read(prefix + R"("AAAwOQ==","spanId":"0000000000000001"}]}]}]})");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->offset, prefix.size());
    EXPECT_EQ(r.error->message, "traceId 'AAAwOQ==' is not 32 hexadecimal digits");
    auto s = read(doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"000000000000001"})"));
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->message, "spanId '000000000000001' is not 16 hexadecimal digits");
    auto p = read(doc(R"({"traceId":"0000000000000000000000000000000a","spanId":"0000000000000001","parentSpanId":"xyz"})"));
    ASSERT_TRUE(p.error);
    EXPECT_NE(p.error->message.find("parentSpanId 'xyz'"), std::string::npos);
}

TEST(OtlpReader, TimesOutOfRangeAreErrors) {
    const std::string ids = R"("traceId":"0000000000000000000000000000000a","spanId":"0000000000000001",)";
    for (const char* bad : {R"("startTimeUnixNano":"18446744073709551616")", R"("startTimeUnixNano":18446744073709551616)",
                            R"("startTimeUnixNano":-1)", R"("startTimeUnixNano":1.5)", R"("endTimeUnixNano":"12a")",
                            R"("endTimeUnixNano":"")", R"("startTimeUnixNano":true)", R"("startTimeUnixNano":{})"}) {
        auto r = read(doc("{" + ids + bad + "}"));
        ASSERT_TRUE(r.error) << bad;
        EXPECT_TRUE(r.error->message.find("TimeUnixNano") != std::string::npos) << r.error->message;
    }
}

TEST(OtlpReader, MissingIdsAndWrongShapesAreErrors) {
    auto no_trace = read(doc(R"({"spanId":"0000000000000001"})"));
    ASSERT_TRUE(no_trace.error);
    EXPECT_EQ(no_trace.error->message, "a span has no traceId");
    EXPECT_EQ(no_trace.error->offset, doc("").rfind('[') + 1);  // the span's '{'
    auto no_span = read(doc(R"({"traceId":"0000000000000000000000000000000a"})"));
    ASSERT_TRUE(no_span.error);
    EXPECT_EQ(no_span.error->message, "a span has no spanId");
    for (const char* bad : {"[]", "5", "\"x\"", "null", R"({"resourceSpans":{}})", R"({"resourceSpans":[1]})",
                            R"({"resourceSpans":[{"scopeSpans":[{"spans":[[]]}]}]})", "{} x", "{\"a\":1}}"}) {
        auto r = read(bad);
        EXPECT_TRUE(r.error) << bad;
    }
}

TEST(OtlpReader, NullListsAreEmpty) {
    auto r = read(R"({"resourceSpans":null} {"resourceSpans":[{"scopeSpans":null}]})");
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.summary.documents, 2u);
}

TEST(OtlpReader, TheCallbackCanStopTheRead) {
    std::string spans;
    for (int i = 1; i <= 5; ++i)
        spans += std::string(i > 1 ? "," : "") + R"({"traceId":"0000000000000000000000000000000a","spanId":"000000000000000)" +
                 std::to_string(i) + "\"}";
    std::istringstream in(doc(spans));
    read_summary summary;
    int seen = 0;
    auto error = read_otlp_json(in, [&](const span_data&) { return ++seen < 2; }, summary);
    EXPECT_FALSE(error);
    EXPECT_TRUE(summary.stopped);
    EXPECT_EQ(seen, 2);
}

TEST(OtlpReader, DeepNestingInIgnoredFieldsIsNoProblem) {
    std::string deep(100000, '[');
    deep += std::string(100000, ']');
    auto r = read(R"({"resourceSpans":[{"resource":{"x":)" + deep + "}}]}");
    EXPECT_FALSE(r.error);
}

TEST(OtlpReader, HexRoundTrip) {
    EXPECT_EQ(to_hex(span_id{0}), "0000000000000000");
    EXPECT_EQ(to_hex(trace_id{0x0123456789abcdefull, 0xfedcba9876543210ull}), "0123456789abcdeffedcba9876543210");
    EXPECT_FALSE(parse_span_id("0123456789abcdeg"));
    EXPECT_FALSE(parse_trace_id("0123456789abcdef"));
    EXPECT_EQ(*parse_span_id("FFFFFFFFFFFFFFFF"), ~std::uint64_t{0});
}

TEST(OtlpReader, LocateOnAVeryLongLineKeepsAWindow) {
    std::string text = "x\n" + std::string(10000, 'a') + "B" + std::string(10000, 'c') + "\n";
    std::istringstream in(text);
    auto where = locate(in, "big.json", 2 + 10000);
    EXPECT_EQ(where.line, 2u);
    EXPECT_EQ(where.column, 10001u);
    EXPECT_TRUE(where.cut_before);
    EXPECT_TRUE(where.cut_after);
    EXPECT_EQ(where.text.size(), 160u);
    EXPECT_EQ(where.text[where.column - where.first_column], 'B');
}

}  // namespace
