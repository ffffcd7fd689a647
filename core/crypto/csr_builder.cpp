#include "core/crypto/csr_builder.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>

// Sections: allowed keys · extension builders · BuildCsr.

namespace trustdesk {
namespace {

constexpr const char* kUpnOid = "1.3.6.1.4.1.311.20.2.3";

struct ExtStackDeleter {
  void operator()(STACK_OF(X509_EXTENSION) * s) const {
    sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
  }
};
using ExtStackPtr = std::unique_ptr<STACK_OF(X509_EXTENSION), ExtStackDeleter>;
struct EkuDeleter {
  void operator()(EXTENDED_KEY_USAGE* s) const { sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free); }
};
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, EkuDeleter>;
using BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, ossl::Deleter<ASN1_BIT_STRING_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, ossl::Deleter<GENERAL_NAME_free>>;

Error CryptoError(const std::string& context) {
  return Error{ErrorCode::Crypto, ossl::LastError(context)};
}

Result<const EVP_MD*> SignatureDigest(const CertificateFormat& format, const KeySpec& spec) {
  if (spec.algorithm == KeyAlgorithm::Ed25519) return static_cast<const EVP_MD*>(nullptr);
  const std::string& h = format.signature_hash;
  if (h == "SHA-256") return EVP_sha256();
  if (h == "SHA-384") return EVP_sha384();
  if (h == "SHA-512") return EVP_sha512();
  return Error{ErrorCode::InvalidInput, "signature_hash: '" + h + "' is not supported"};
}

int KeyUsageBit(const std::string& name) {
  static const std::pair<const char*, int> kBits[] = {
      {"digitalSignature", 0}, {"nonRepudiation", 1}, {"contentCommitment", 1},
      {"keyEncipherment", 2},  {"dataEncipherment", 3}, {"keyAgreement", 4},
      {"keyCertSign", 5},      {"cRLSign", 6},          {"encipherOnly", 7},
      {"decipherOnly", 8}};
  for (const auto& [n, bit] : kBits) {
    if (name == n) return bit;
  }
  return -1;
}

Status AddExtension(STACK_OF(X509_EXTENSION) * exts, int nid, bool critical, void* value,
                    const std::string& field) {
  X509_EXTENSION* ext = X509V3_EXT_i2d(nid, critical ? 1 : 0, value);
  if (ext == nullptr) return CryptoError(field + ": encode extension");
  if (sk_X509_EXTENSION_push(exts, ext) <= 0) {
    X509_EXTENSION_free(ext);
    return CryptoError(field + ": add extension");
  }
  return Status::Ok();
}

Result<GeneralNamePtr> MakeGeneralName(const SanEntry& san) {
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) return CryptoError("san: allocate");
  const std::string field = "san." + san.kind + " '" + san.value + "'";
  switch (*san.type) {
    case SanType::Dns:
    case SanType::Email:
    case SanType::Uri: {
      ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
      if (ia5 == nullptr || ASN1_STRING_set(ia5, san.value.data(), static_cast<int>(san.value.size())) != 1) {
        ASN1_IA5STRING_free(ia5);
        return CryptoError(field);
      }
      int type = *san.type == SanType::Dns ? GEN_DNS : *san.type == SanType::Email ? GEN_EMAIL : GEN_URI;
      GENERAL_NAME_set0_value(gn.get(), type, ia5);
      break;
    }
    case SanType::Ip: {
      ASN1_OCTET_STRING* ip = a2i_IPADDRESS(san.value.c_str());
      if (ip == nullptr) {
        ERR_clear_error();
        return Error{ErrorCode::InvalidInput, field + ": not a valid IP address"};
      }
      GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, ip);
      break;
    }
    case SanType::Upn: {
      ASN1_OBJECT* oid = OBJ_txt2obj(kUpnOid, 1);
      ASN1_TYPE* value = ASN1_TYPE_new();
      ASN1_UTF8STRING* utf8 = ASN1_UTF8STRING_new();
      if (oid == nullptr || value == nullptr || utf8 == nullptr ||
          ASN1_STRING_set(utf8, san.value.data(), static_cast<int>(san.value.size())) != 1) {
        ASN1_OBJECT_free(oid);
        ASN1_TYPE_free(value);
        ASN1_UTF8STRING_free(utf8);
        return CryptoError(field);
      }
      ASN1_TYPE_set(value, V_ASN1_UTF8STRING, utf8);
      if (GENERAL_NAME_set0_othername(gn.get(), oid, value) != 1) {
        ASN1_OBJECT_free(oid);
        ASN1_TYPE_free(value);
        return CryptoError(field);
      }
      break;
    }
  }
  return gn;
}

Status AddSanExtension(STACK_OF(X509_EXTENSION) * exts, const std::vector<SanEntry>& sans) {
  ossl::GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) return CryptoError("san: allocate");
  for (const SanEntry& san : sans) {
    auto gn = MakeGeneralName(san);
    if (!gn.ok()) return gn.error();
    if (sk_GENERAL_NAME_push(names.get(), gn->get()) <= 0) return CryptoError("san: add name");
    gn->release();
  }
  return AddExtension(exts, NID_subject_alt_name, false, names.get(), "san");
}

Status AddKeyUsage(STACK_OF(X509_EXTENSION) * exts, const std::vector<std::string>& usages) {
  BitStringPtr bits(ASN1_BIT_STRING_new());
  if (!bits) return CryptoError("key_usage: allocate");
  for (const std::string& u : usages) {
    int bit = KeyUsageBit(u);
    if (bit < 0) return Error{ErrorCode::InvalidInput, "key_usage: unknown value '" + u + "'"};
    if (ASN1_BIT_STRING_set_bit(bits.get(), bit, 1) != 1) return CryptoError("key_usage: " + u);
  }
  return AddExtension(exts, NID_key_usage, true, bits.get(), "key_usage");
}

Status AddExtendedKeyUsage(STACK_OF(X509_EXTENSION) * exts, const std::vector<std::string>& usages) {
  EkuPtr eku(sk_ASN1_OBJECT_new_null());
  if (!eku) return CryptoError("extended_key_usage: allocate");
  for (const std::string& u : usages) {
    // Short names ("clientAuth") and dotted OIDs; nothing else (no long-name guessing).
    ASN1_OBJECT* obj = OBJ_txt2obj(u.c_str(), 0);
    if (obj == nullptr || (OBJ_obj2nid(obj) == NID_undef && u.find('.') == std::string::npos)) {
      ASN1_OBJECT_free(obj);
      ERR_clear_error();
      return Error{ErrorCode::InvalidInput, "extended_key_usage: unknown value '" + u + "'"};
    }
    if (sk_ASN1_OBJECT_push(eku.get(), obj) <= 0) {
      ASN1_OBJECT_free(obj);
      return CryptoError("extended_key_usage: " + u);
    }
  }
  return AddExtension(exts, NID_ext_key_usage, false, eku.get(), "extended_key_usage");
}

Result<ossl::X509NamePtr> BuildSubject(const std::vector<NameAttribute>& subject) {
  ossl::X509NamePtr name(X509_NAME_new());
  if (!name) return CryptoError("subject: allocate");
  for (const NameAttribute& a : subject) {
    ASN1_OBJECT* obj = OBJ_txt2obj(a.oid.c_str(), 1);
    if (obj == nullptr) {
      ERR_clear_error();
      return Error{ErrorCode::InvalidInput, "subject." + a.short_name + ": invalid OID " + a.oid};
    }
    int ok = X509_NAME_add_entry_by_OBJ(name.get(), obj, MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(a.value.data()),
                                        static_cast<int>(a.value.size()), -1, 0);
    ASN1_OBJECT_free(obj);
    if (ok != 1) {
      // e.g. a character PrintableString cannot hold, or a length over the ASN.1 upper bound
      return Error{ErrorCode::InvalidInput,
                   ossl::LastError("subject." + a.short_name + ": value not allowed for this attribute")};
    }
  }
  return name;
}

Result<std::string> EncodePem(X509_REQ* req) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), req) != 1) return CryptoError("encode CSR");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

std::vector<KeySpec> AllowedKeySpecs(const CertificateFormat& format) {
  std::vector<KeySpec> out;
  for (const KeyAlgorithmRule& rule : format.key_algorithms) {
    switch (rule.algorithm) {
      case KeyAlgorithm::Rsa: {
        std::vector<int> sizes = rule.rsa_bits.empty() ? std::vector<int>{2048, 3072, 4096} : rule.rsa_bits;
        for (int bits : sizes) out.push_back(KeySpec::Rsa(bits));
        break;
      }
      case KeyAlgorithm::Ec: {
        auto curves = rule.ec_curves.empty() ? std::vector<std::string>{"P-256", "P-384"} : rule.ec_curves;
        for (const auto& curve : curves) out.push_back(KeySpec::Ec(curve));
        break;
      }
      case KeyAlgorithm::Ed25519:
        out.push_back(KeySpec::Ed25519());
        break;
    }
  }
  return out;
}

Status CheckKeyAllowed(const CertificateFormat& format, const KeySpec& spec) {
  auto allowed = AllowedKeySpecs(format);
  if (std::find(allowed.begin(), allowed.end(), spec) != allowed.end()) return Status::Ok();
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + Describe(a);
  return Error{ErrorCode::InvalidInput, "key: " + Describe(spec) +
                                            " is not allowed by the profile (allowed: " +
                                            (list.empty() ? "none" : list) + ")"};
}

Result<CertificateRequest> BuildCsr(const CertificateFormat& format, const Account& account,
                                    const EnrollmentValues& values, const KeyPair& key) {
  auto requested = ResolveEnrollment(format, account, values);
  if (!requested.ok()) return requested.error();
  KeySpec spec = key.Spec();
  if (Status s = CheckKeyAllowed(format, spec); !s.ok()) return s.error();
  auto md = SignatureDigest(format, spec);
  if (!md.ok()) return md.error();
  for (const auto& u : format.key_usage) {
    if (KeyUsageBit(u) < 0) return Error{ErrorCode::InvalidInput, "key_usage: unknown value '" + u + "'"};
  }

  auto subject = BuildSubject(requested->subject);
  if (!subject.ok()) return subject.error();
  ExtStackPtr exts(sk_X509_EXTENSION_new_null());
  if (!exts) return CryptoError("CSR: allocate extensions");
  if (!requested->san.empty()) {
    if (Status s = AddSanExtension(exts.get(), requested->san); !s.ok()) return s.error();
  }
  if (!format.key_usage.empty()) {
    if (Status s = AddKeyUsage(exts.get(), format.key_usage); !s.ok()) return s.error();
  }
  if (!format.extended_key_usage.empty()) {
    if (Status s = AddExtendedKeyUsage(exts.get(), format.extended_key_usage); !s.ok()) {
      return s.error();
    }
  }

  ossl::X509ReqPtr req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(req.get(), subject->get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), key.get()) != 1) {
    return CryptoError("CSR: set subject and key");
  }
  if (sk_X509_EXTENSION_num(exts.get()) > 0 && X509_REQ_add_extensions(req.get(), exts.get()) != 1) {
    return CryptoError("CSR: add extension request");
  }
  if (X509_REQ_sign(req.get(), key.get(), *md) <= 0) return CryptoError("CSR: sign");
  if (X509_REQ_verify(req.get(), key.get()) != 1) return CryptoError("CSR: verify own signature");

  CertificateRequest out;
  auto pem = EncodePem(req.get());
  if (!pem.ok()) return pem.error();
  out.pem = std::move(pem).value();
  unsigned char* der = nullptr;
  int len = i2d_X509_REQ(req.get(), &der);
  if (len <= 0) return CryptoError("encode CSR as DER");
  out.der.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  out.requested = std::move(requested).value();
  return out;
}

}  // namespace trustdesk
