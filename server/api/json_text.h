// Building JSON response text directly: string escaping, and the row arrays
// of stream.get / category.get with stored data/metadata spliced in verbatim
// (they were serialized by the server when written, so they are valid JSON
// and need no re-parse).
//
//   std::string out;
//   AppendStreamRows(&out, messages);  //
//   [[id,type,pos,gpos,data,meta,time],..]
#ifndef REFSERVER_API_JSON_TEXT_H_
#define REFSERVER_API_JSON_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/store.h"

namespace refserver {

// Appends `s` as a JSON string literal; bytes that are not UTF-8 become
// U+FFFD, so the output is always valid JSON.
void AppendJsonString(std::string* out, std::string_view s);

// [id, type, position, globalPosition, data, metadata, time]
void AppendStreamRow(std::string* out, const Message& m);
// [id, streamName, type, position, globalPosition, data, metadata, time]
void AppendCategoryRow(std::string* out, const Message& m);

// JSON arrays of rows.
void AppendStreamRows(std::string* out, const std::vector<Message>& rows);
void AppendCategoryRows(std::string* out, const std::vector<Message>& rows);

}  // namespace refserver

#endif  // REFSERVER_API_JSON_TEXT_H_
