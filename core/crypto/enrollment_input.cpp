#include "core/crypto/enrollment_input.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <cctype>
#include <regex>

// Sections: naming · text checks · per-type syntax · one value · the whole form.

namespace trustdesk {
namespace {

// Hard cap before any regex runs: bounds the work std::regex can do on a keystroke.
constexpr std::size_t kMaxValueBytes = 1024;
constexpr int kMaxSanValues = 100;

const char* SanKey(SanType type) {
  switch (type) {
    case SanType::Email: return "email";
    case SanType::Dns: return "dns";
    case SanType::Uri: return "uri";
    case SanType::Ip: return "ip";
    case SanType::Upn: return "upn";
  }
  return "san";
}

const char* SanKind(SanType type) {
  switch (type) {
    case SanType::Email: return "email";
    case SanType::Dns: return "DNS";
    case SanType::Uri: return "URI";
    case SanType::Ip: return "IP";
    case SanType::Upn: return "UPN";
  }
  return "SAN";
}

std::string ResolveOid(const SubjectAttribute& a) {
  const std::string& text = a.oid.empty() ? a.attribute : a.oid;
  ASN1_OBJECT* obj = OBJ_txt2obj(text.c_str(), a.oid.empty() ? 0 : 1);
  if (obj == nullptr) {
    ERR_clear_error();
    return {};
  }
  char buf[128] = {0};
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  ASN1_OBJECT_free(obj);
  return n > 0 ? std::string(buf) : std::string();
}

// Returns the number of code points, or -1 when `s` is not valid UTF-8.
int Utf8Length(std::string_view s) {
  int count = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return -1;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    }
    if (n == 2 && c < 0xC2) return -1;  // overlong
    i += n;
    ++count;
  }
  return count;
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7F;
  });
}

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitValues(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == ',' || c == '\n' || c == '\r') {
      if (auto t = Trim(current); !t.empty()) out.push_back(t);
      current.clear();
    } else {
      current += c;
    }
  }
  if (auto t = Trim(current); !t.empty()) out.push_back(t);
  return out;
}

bool IsDnsName(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  if (s.substr(0, 2) == "*.") s.remove_prefix(2);
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsMailbox(std::string_view s) {
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size()) return false;
  if (s.find(' ') != std::string_view::npos) return false;
  return IsDnsName(s.substr(at + 1));
}

bool IsIpAddress(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool IsUri(std::string_view s) {
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return s.find(' ') == std::string_view::npos;
}

// Checks one resolved value; returns an empty string when valid.
std::string CheckValue(const std::string& value, const ValueConstraint& c, bool is_san,
                       SanType san_type, const std::string& attribute) {
  if (value.size() > kMaxValueBytes) return "longer than 1024 bytes";
  int length = Utf8Length(value);
  if (length < 0) return "not valid UTF-8";
  if (HasControlCharacter(value)) return "contains a control character";
  if (c.max_length && length > *c.max_length) {
    return "longer than " + std::to_string(*c.max_length) + " characters";
  }
  if (!c.allowed_values.empty() &&
      std::find(c.allowed_values.begin(), c.allowed_values.end(), value) ==
          c.allowed_values.end()) {
    std::string list;
    for (const auto& v : c.allowed_values) list += (list.empty() ? "" : ", ") + v;
    return "must be one of: " + list;
  }
  if (c.pattern) {
    try {
      std::regex re(*c.pattern, std::regex::ECMAScript);
      if (!std::regex_match(value, re)) return "does not match the pattern " + *c.pattern;
    } catch (const std::regex_error&) {
      return "the profile's pattern is not a valid regular expression";
    }
  }
  if (!is_san) {
    if (attribute == "C" && (value.size() != 2 || !std::isupper(static_cast<unsigned char>(value[0])) ||
                             !std::isupper(static_cast<unsigned char>(value[1])))) {
      return "must be a two-letter country code (e.g. DE)";
    }
    return {};
  }
  switch (san_type) {
    case SanType::Dns: return IsDnsName(value) ? "" : "not a valid DNS name";
    case SanType::Email: return IsMailbox(value) ? "" : "not a valid e-mail address";
    case SanType::Upn: return IsMailbox(value) ? "" : "not a valid user principal name (user@domain)";
    case SanType::Ip: return IsIpAddress(value) ? "" : "not a valid IPv4 or IPv6 address";
    case SanType::Uri: return IsUri(value) ? "" : "not a valid URI (scheme:...)";
  }
  return {};
}

struct ResolvedField {
  const EnrollmentField* field;
  std::vector<std::string> values;
};

// Resolves and checks everything, collecting errors; `out` gets the names when there are none.
std::vector<FieldError> Evaluate(const CertificateFormat& format, const Account& account,
                                 const EnrollmentValues& values, RequestedNames* out) {
  std::vector<FieldError> errors;
  const std::vector<EnrollmentField> fields = EnrollmentFields(format, account);
  if (format.subject.empty()) errors.push_back({"subject", "the profile defines no subject"});

  for (const auto& [name, value] : values) {
    bool known = std::any_of(fields.begin(), fields.end(),
                             [&](const EnrollmentField& f) { return f.name == name; });
    if (!known) errors.push_back({name, "not a field of this profile"});
  }

  RequestedNames names;
  for (const EnrollmentField& f : fields) {
    if (!f.is_san && f.oid.empty()) {
      errors.push_back({f.name, "unknown attribute type '" + f.attribute + "' in the profile"});
      continue;
    }
    auto given = values.find(f.name);
    std::vector<std::string> items;
    if (f.editable) {
      std::string text = given != values.end() ? given->second : std::string();
      if (f.is_san) {
        items = SplitValues(text);
      } else if (auto t = Trim(text); !t.empty()) {
        items.push_back(t);
      }
    } else {
      if (given != values.end() && given->second != f.value) {
        errors.push_back({f.name, f.source == ValueSource::Fixed
                                      ? "fixed by the profile, cannot be changed"
                                      : "taken from your user attributes, cannot be changed"});
        continue;
      }
      if (!f.value.empty()) items.push_back(f.value);
    }

    if (items.empty()) {
      if (f.required) {
        errors.push_back({f.name, f.source == ValueSource::UserAttribute
                                      ? "required, but your user has no '" +
                                            f.user_attribute + "' attribute"
                                      : "required"});
      }
      continue;
    }
    int limit = f.is_san ? std::clamp(f.max_count, 1, kMaxSanValues) : 1;
    if (static_cast<int>(items.size()) > limit) {
      errors.push_back({f.name, "at most " + std::to_string(limit) +
                                    (limit == 1 ? " value" : " values") + " allowed"});
      continue;
    }
    bool field_ok = true;
    for (std::size_t i = 0; i < items.size() && field_ok; ++i) {
      std::string problem = CheckValue(items[i], f.constraint, f.is_san, f.san_type, f.attribute);
      if (problem.empty() && std::find(items.begin(), items.begin() + static_cast<long>(i),
                                       items[i]) != items.begin() + static_cast<long>(i)) {
        problem = "listed twice";
      }
      if (!problem.empty()) {
        errors.push_back({f.name, items.size() > 1 ? "'" + items[i] + "': " + problem : problem});
        field_ok = false;
      }
    }
    if (!field_ok) continue;
    for (auto& item : items) {
      if (f.is_san) {
        names.san.push_back({f.san_type, SanKind(f.san_type), item});
      } else {
        names.subject.push_back({f.attribute, f.oid, item});
      }
    }
  }
  if (out != nullptr && errors.empty()) *out = std::move(names);
  return errors;
}

}  // namespace

std::string LookupUserAttribute(const Account& account, const std::string& name) {
  const User& user = account.user;
  if (auto it = user.attributes.find(name); it != user.attributes.end()) return it->second;
  if (name == "email") return user.email;
  if (name == "username") return user.username;
  if (name == "display_name") return user.display_name;
  if (name == "user_id" || name == "id") return user.id;
  if (name == "account_id") return account.id;
  if (name == "account_name") return account.name;
  if (name == "business_unit") return account.business_unit;
  if (name == "division") return account.division;
  return {};
}

std::vector<EnrollmentField> EnrollmentFields(const CertificateFormat& format,
                                              const Account& account) {
  std::vector<EnrollmentField> fields;
  std::map<std::string, int> seen;
  auto unique_name = [&](const std::string& base) {
    int n = ++seen[base];
    return n == 1 ? base : base + "#" + std::to_string(n);
  };
  auto fill = [&](EnrollmentField& f, ValueSource source, const std::string& value) {
    f.source = source;
    f.editable = source == ValueSource::UserInput;
    if (source == ValueSource::Fixed) f.value = value;
    if (source == ValueSource::UserAttribute) {
      f.user_attribute = value;
      f.value = LookupUserAttribute(account, value);
    }
  };
  for (const SubjectAttribute& a : format.subject) {
    EnrollmentField f;
    f.name = unique_name("subject." + a.attribute);
    f.label = a.label.empty() ? a.attribute : a.label;
    f.attribute = a.attribute;
    f.oid = ResolveOid(a);
    f.required = a.required;
    f.constraint = a.constraint;
    fill(f, a.source, a.value);
    fields.push_back(std::move(f));
  }
  for (const SanRule& rule : format.san) {
    EnrollmentField f;
    f.name = unique_name(std::string("san.") + SanKey(rule.type));
    f.label = rule.label.empty() ? SanKind(rule.type) : rule.label;
    f.is_san = true;
    f.attribute = SanKey(rule.type);
    f.san_type = rule.type;
    f.required = rule.required;
    f.max_count = rule.max_count;
    f.constraint = rule.constraint;
    fill(f, rule.source, rule.value);
    fields.push_back(std::move(f));
  }
  return fields;
}

std::vector<FieldError> ValidateEnrollmentInput(const CertificateFormat& format,
                                                const Account& account,
                                                const EnrollmentValues& values) {
  return Evaluate(format, account, values, nullptr);
}

Result<RequestedNames> ResolveEnrollment(const CertificateFormat& format, const Account& account,
                                         const EnrollmentValues& values) {
  RequestedNames names;
  auto errors = Evaluate(format, account, values, &names);
  if (!errors.empty()) return Error{ErrorCode::InvalidInput, errors.front().Text()};
  return names;
}

}  // namespace trustdesk
