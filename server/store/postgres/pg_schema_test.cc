#include "server/store/postgres/pg_schema.h"

#include <gtest/gtest.h>

#include <string>

namespace refserver {
namespace {

TEST(NamespaceSchemaName, PrefixesShortNames) {
  EXPECT_EQ(NamespaceSchemaName("default"), "mdb_ns_default");
  EXPECT_EQ(NamespaceSchemaName("Tenant-A_1"), "mdb_ns_Tenant-A_1");
}

TEST(NamespaceSchemaName, LongNamesFitPostgresIdentifiersAndStayApart) {
  const std::string fits(56, 'a');  // 7 + 56 = 63 bytes
  EXPECT_EQ(NamespaceSchemaName(fits), "mdb_ns_" + fits);
  const std::string a = std::string(63, 'x') + "a";
  const std::string b = std::string(63, 'x') + "b";
  EXPECT_LE(NamespaceSchemaName(a).size(), 63u);
  EXPECT_NE(NamespaceSchemaName(a), NamespaceSchemaName(b));
  EXPECT_NE(NamespaceSchemaName(a).find('.'), std::string::npos)
      << "the hashed form cannot equal a short name's schema";
  EXPECT_EQ(NamespaceSchemaName(a), NamespaceSchemaName(a)) << "deterministic";
}

TEST(NamespaceDdl, TimescaleKeysIncludeTimeAndIdsAreLockedNotIndexedUnique) {
  const std::string pg = NamespaceDdl("\"s\"", PgFlavor::kPostgres);
  const std::string ts = NamespaceDdl("\"s\"", PgFlavor::kTimescale);
  EXPECT_NE(pg.find("PRIMARY KEY (global_position))"), std::string::npos);
  EXPECT_NE(pg.find("CREATE UNIQUE INDEX messages_id"), std::string::npos);
  EXPECT_NE(ts.find("PRIMARY KEY (global_position, time))"), std::string::npos);
  EXPECT_EQ(ts.find("UNIQUE"), std::string::npos)
      << "a hypertable cannot have a unique index without time";
  EXPECT_NE(ts.find("p_id_lock_key >> 32"), std::string::npos);
  EXPECT_EQ(pg.find("p_id_lock_key >> 32"), std::string::npos);
  EXPECT_EQ(ts.find("{S}"), std::string::npos);
}

TEST(MakeNamespaceStatements, NamesAreUniquePerNamespaceIncarnation) {
  NamespaceStatements a = MakeNamespaceStatements(1, "\"mdb_ns_a\"");
  NamespaceStatements b = MakeNamespaceStatements(2, "\"mdb_ns_a\"");
  EXPECT_NE(a.write.name, b.write.name);
  EXPECT_NE(a.write.name, a.stream.name);
  EXPECT_NE(a.stream.sql.find("\"mdb_ns_a\".messages"), std::string::npos);
  EXPECT_NE(a.write.sql.find("\"mdb_ns_a\".write_message($1::uuid"),
            std::string::npos);
}

}  // namespace
}  // namespace refserver
