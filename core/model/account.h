// The signed-in user's account and identity as the backend reports them (SPEC §2, §5 Account).
#pragma once

#include <map>
#include <string>

namespace trustdesk {

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  std::string email;
  // Named attributes that profiles can use as subject sources (email, department, employee_id ...).
  std::map<std::string, std::string> attributes;

  bool operator==(const User&) const = default;
};

struct Account {
  std::string id;                      // account ID entered at sign-in
  std::string name;
  std::string business_unit;
  std::string division;
  User user;

  bool operator==(const Account&) const = default;
};

}  // namespace trustdesk
