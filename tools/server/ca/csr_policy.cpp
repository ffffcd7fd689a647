#include "tools/server/ca/csr_policy.h"

#include <map>

#include "core/crypto/certificate.h"
#include "core/crypto/enrollment_input.h"
#include "core/crypto/key_pair.h"
#include "core/crypto/csr_builder.h"
#include "tools/server/ca/x509_util.h"

namespace trustdesk::server::ca {
namespace {

constexpr const char* kUpnOid = "1.3.6.1.4.1.311.20.2.3";
constexpr std::size_t kMaxCsrBytes = 64 * 1024;

CsrDecision Refuse(CsrProblem problem, std::string message) {
  CsrDecision d;
  d.problem = problem;
  d.message = std::move(message);
  return d;
}

// The SANs the CSR requests (from its extensionRequest attribute).
std::vector<SanEntry> RequestedSans(X509_REQ* req) {
  std::vector<SanEntry> out;
  STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req);
  if (!exts) return out;
  for (int i = 0; i < sk_X509_EXTENSION_num(exts); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) != NID_subject_alt_name) continue;
    auto* names = static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext));
    if (names) {
      auto described = DescribeGeneralNames(names);
      out.insert(out.end(), described.begin(), described.end());
      GENERAL_NAMES_free(names);
    }
  }
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  return out;
}

Result<ossl::GeneralNamesPtr> BuildSans(const std::vector<SanEntry>& sans) {
  ossl::GeneralNamesPtr names(GENERAL_NAMES_new());
  for (const SanEntry& san : sans) {
    GENERAL_NAME* gn = GENERAL_NAME_new();
    bool ok = gn != nullptr;
    if (ok && (*san.type == SanType::Dns || *san.type == SanType::Email ||
               *san.type == SanType::Uri)) {
      ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
      ok = ia5 && ASN1_STRING_set(ia5, san.value.data(), static_cast<int>(san.value.size())) == 1;
      int type = *san.type == SanType::Dns ? GEN_DNS
                 : *san.type == SanType::Email ? GEN_EMAIL : GEN_URI;
      if (ok) GENERAL_NAME_set0_value(gn, type, ia5);
      else ASN1_IA5STRING_free(ia5);
    } else if (ok && *san.type == SanType::Ip) {
      ASN1_OCTET_STRING* ip = a2i_IPADDRESS(san.value.c_str());
      ok = ip != nullptr;
      if (ok) GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
    } else if (ok) {  // UPN: otherName with a UTF8String
      ASN1_OBJECT* oid = OBJ_txt2obj(kUpnOid, 1);
      ASN1_TYPE* value = ASN1_TYPE_new();
      ASN1_UTF8STRING* utf8 = ASN1_UTF8STRING_new();
      ok = oid && value && utf8 &&
           ASN1_STRING_set(utf8, san.value.data(), static_cast<int>(san.value.size())) == 1;
      if (ok) {
        ASN1_TYPE_set(value, V_ASN1_UTF8STRING, utf8);
        ok = GENERAL_NAME_set0_othername(gn, oid, value) == 1;
        if (!ok) {
          ASN1_OBJECT_free(oid);
          ASN1_TYPE_free(value);
        }
      } else {
        ASN1_OBJECT_free(oid);
        ASN1_TYPE_free(value);
        ASN1_UTF8STRING_free(utf8);
      }
    }
    if (!ok || sk_GENERAL_NAME_push(names.get(), gn) <= 0) {
      GENERAL_NAME_free(gn);
      return Error(ErrorCode::Crypto, ossl::LastError("subjectAltName " + san.Display()));
    }
  }
  return names;
}

// Maps the CSR's subject attributes and SANs onto the profile's enrollment fields. Values for
// fields the user may not edit are passed too, so ResolveEnrollment rejects any that differ.
Result<EnrollmentValues> MatchFields(const std::vector<EnrollmentField>& fields,
                                     const std::vector<NameAttribute>& subject,
                                     const std::vector<SanEntry>& sans) {
  EnrollmentValues values;
  std::vector<bool> used_subject(subject.size(), false);
  for (const auto& f : fields) {
    if (f.is_san) continue;
    for (std::size_t i = 0; i < subject.size(); ++i) {
      if (!used_subject[i] && subject[i].oid == f.oid) {
        used_subject[i] = true;
        values[f.name] = subject[i].value;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < subject.size(); ++i) {
    if (!used_subject[i]) {
      return Error(ErrorCode::InvalidInput, "subject attribute " + subject[i].short_name + "='" +
                                                subject[i].value +
                                                "' is not allowed by the profile");
    }
  }
  std::vector<bool> used_san(sans.size(), false);
  auto same_type = [&](std::size_t i, const EnrollmentField& f) {
    return !used_san[i] && sans[i].type && *sans[i].type == f.san_type;
  };
  // Fixed and user-attribute SANs first: each takes the CSR entry carrying exactly its value.
  for (const auto& f : fields) {
    if (!f.is_san || f.editable) continue;
    for (std::size_t i = 0; i < sans.size(); ++i) {
      if (same_type(i, f) && sans[i].value == f.value) {
        used_san[i] = true;
        values[f.name] = f.value;
        break;
      }
    }
  }
  // User-entered SANs take up to max_count + 1 entries, so that ResolveEnrollment reports
  // "at most N values" rather than a vaguer leftover error.
  for (const auto& f : fields) {
    if (!f.is_san || !f.editable) continue;
    std::string joined;
    int taken = 0;
    for (std::size_t i = 0; i < sans.size() && taken <= f.max_count; ++i) {
      if (!same_type(i, f)) continue;
      used_san[i] = true;
      joined += (joined.empty() ? "" : "\n") + sans[i].value;
      ++taken;
    }
    if (taken > 0) values[f.name] = joined;
  }
  for (std::size_t i = 0; i < sans.size(); ++i) {
    if (used_san[i]) continue;
    if (!sans[i].type) {
      return Error(ErrorCode::InvalidInput,
                   "subjectAltName " + sans[i].Display() + ": this name type is not supported");
    }
    for (const auto& f : fields) {
      if (f.is_san && !f.editable && f.san_type == *sans[i].type) {
        return Error(ErrorCode::InvalidInput, "subjectAltName " + sans[i].Display() +
                                                  ": " + f.name + " is set by the profile to '" +
                                                  f.value + "'");
      }
    }
    return Error(ErrorCode::InvalidInput, "subjectAltName " + sans[i].Display() +
                                              " is not allowed by the profile");
  }
  return values;
}

}  // namespace

CsrDecision EvaluateCsr(const std::string& csr_pem, const Profile& profile, const Account& account,
                        Timestamp now, const std::string& crl_url, const ReservedNames& reserved) {
  if (csr_pem.size() > kMaxCsrBytes) {
    return Refuse(CsrProblem::Malformed, "csr_pem is larger than 64 KiB");
  }
  auto req = ParseCsrPem(csr_pem);
  if (!req) return Refuse(CsrProblem::Malformed, req.error().message);
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req->get());
  if (!pub) return Refuse(CsrProblem::Malformed, ossl::LastError("csr_pem: no public key"));
  if (X509_REQ_verify(req->get(), pub) != 1) {
    return Refuse(CsrProblem::BadSignature,
                  ossl::LastError("csr_pem: the CSR signature does not verify"));
  }
  const CertificateFormat& format = profile.certificate_format;

  auto spec = SpecOf(pub);
  if (!spec) return Refuse(CsrProblem::PolicyViolation, "key: " + spec.error().message);
  if (Status st = CheckKeyAllowed(format, *spec); !st) {
    return Refuse(CsrProblem::PolicyViolation, st.error().message);
  }

  DistinguishedName dn = DescribeName(X509_REQ_get_subject_name(req->get()));
  auto fields = EnrollmentFields(format, account);
  auto values = MatchFields(fields, dn.attributes, RequestedSans(req->get()));
  if (!values) return Refuse(CsrProblem::PolicyViolation, values.error().message);
  auto names = ResolveEnrollment(format, account, *values);
  if (!names) return Refuse(CsrProblem::PolicyViolation, names.error().message);
  std::vector<std::string> common_names;
  for (const auto& a : names->subject) {
    if (a.short_name == "CN") common_names.push_back(a.value);
  }
  if (Status st = reserved.Check(names->san, common_names); !st) {
    return Refuse(CsrProblem::PolicyViolation, st.error().message);
  }

  CsrDecision d;
  d.spec.subject.reset(X509_NAME_new());
  for (const auto& a : names->subject) {
    if (!X509_NAME_add_entry_by_txt(d.spec.subject.get(), a.oid.c_str(), MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(a.value.c_str()), -1,
                                    -1, 0)) {
      return Refuse(CsrProblem::PolicyViolation,
                    ossl::LastError("subject." + a.short_name + ": cannot encode '" + a.value + "'"));
    }
  }
  if (!names->san.empty()) {
    auto sans = BuildSans(names->san);
    if (!sans) return Refuse(CsrProblem::PolicyViolation, sans.error().message);
    d.spec.subject_alt_names = std::move(*sans);
  }
  EVP_PKEY_up_ref(pub);
  d.spec.public_key.reset(pub);
  d.spec.not_before = Timestamp{now.unix_seconds - 60};
  d.spec.not_after = Timestamp{now.unix_seconds + int64_t{format.validity_days} * 86400};
  d.spec.key_usage = format.key_usage;
  d.spec.extended_key_usage = format.extended_key_usage;
  d.spec.digest = DigestByName(format.signature_hash);
  if (!d.spec.digest) {
    return Refuse(CsrProblem::PolicyViolation,
                  "certificate_format.signature_hash: unsupported '" + format.signature_hash + "'");
  }
  d.spec.crl_url = crl_url;
  return d;
}

}  // namespace trustdesk::server::ca
