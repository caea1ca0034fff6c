#pragma once

#include "jwt/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jwt {

// Deepest nesting of arrays and objects accepted.
constexpr std::size_t k_max_json_depth = 64;

enum class JsonKind : std::uint8_t { null, boolean, number, string, array, object };

// The kind as a word for messages: "string", "number", "object", ...
std::string_view json_type_name(JsonKind kind) noexcept;

// One value of a document, in document order. A container is followed by its contents, and
// `end` is the index one past the last node of its subtree, so a value is skipped in one step.
// An object's contents alternate member name (a string node) and member value.
struct JsonNode {
  JsonKind kind = JsonKind::null;
  bool boolean = false;
  std::uint32_t end = 0;
  std::uint32_t count = 0; // members of an object, elements of an array
  std::string_view text;   // string: the decoded value; number: the literal as written
  double number = 0;       // number: its value (finite: out-of-range literals are refused)
};

// The one strict JSON reader (RFC 8259) under every path, from the one-shot DOM of parse_json
// to the batch verifier: valid UTF-8 only, no byte-order mark, no NUL, no duplicate member
// names, nesting at most k_max_json_depth, numbers within the range of a double, nothing after
// the value. It keeps its buffers between documents, so reading many documents one after the
// other allocates nothing once the buffers have grown. Views (strings, numbers' text) point
// into the text read or into the reader; they live until the next read.
class JsonReader
{
public:
  // Errors are ErrorKind::malformed; syntax errors give the byte offset of the problem.
  Status read(std::string_view text);

  const std::vector<JsonNode>& nodes() const noexcept
  {
    return m_nodes;
  }
  const JsonNode& root() const noexcept
  {
    return m_nodes.front();
  }

  // The value of member `name` of the object at index `object`, or nullptr.
  const JsonNode* find(std::size_t object, std::string_view name) const noexcept;

  // The elements of the array at index `array`, for range-for.
  class Elements;
  Elements elements(std::size_t array) const noexcept;

  // Whether the text had no whitespace outside strings, so it can be copied as compact JSON.
  bool was_compact() const noexcept
  {
    return m_compact;
  }

private:
  struct Failure {
    std::size_t offset;
    std::string message;
  };
  bool parse(std::string_view text);
  bool parse_string(std::string_view text, std::size_t& pos, std::string_view& out);
  bool parse_number(std::string_view text, std::size_t& pos, JsonNode& node);
  bool parse_literal(std::string_view text, std::size_t& pos, std::string_view word);
  bool add_name(std::uint32_t index); // the name node at index
  bool close_names();
  bool fail(std::size_t offset, std::string message);

  std::vector<JsonNode> m_nodes;
  std::string m_strings;                 // decoded strings that had escapes
  std::vector<std::uint32_t> m_open;     // open containers, innermost last
  std::vector<std::uint32_t> m_names;    // the name nodes of the open objects
  std::vector<std::size_t> m_name_start; // where each open object's names begin in m_names
  std::vector<std::uint64_t> m_name_filter; // per open object: a bit per (first byte, length) seen
  bool m_compact = true;
  std::optional<Failure> m_failure;
};

class JsonReader::Elements
{
public:
  class Iterator
  {
  public:
    Iterator(const std::vector<JsonNode>& nodes, std::size_t index) noexcept : m_nodes(&nodes), m_index(index)
    {
    }
    const JsonNode& operator*() const noexcept
    {
      return (*m_nodes)[m_index];
    }
    Iterator& operator++() noexcept
    {
      m_index = (*m_nodes)[m_index].end;
      return *this;
    }
    bool operator!=(const Iterator& other) const noexcept
    {
      return m_index != other.m_index;
    }

  private:
    const std::vector<JsonNode>* m_nodes;
    std::size_t m_index;
  };

  Elements(const std::vector<JsonNode>& nodes, std::size_t array) noexcept : m_nodes(nodes), m_array(array)
  {
  }
  Iterator begin() const noexcept
  {
    return {m_nodes, m_array + 1};
  }
  Iterator end() const noexcept
  {
    return {m_nodes, m_nodes[m_array].end};
  }

private:
  const std::vector<JsonNode>& m_nodes;
  std::size_t m_array;
};

inline JsonReader::Elements JsonReader::elements(std::size_t array) const noexcept
{
  return {m_nodes, array};
}

} // namespace jwt
