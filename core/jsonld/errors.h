// Status codes produced by the JSON-LD processor (core/jsonld).
//
// Promises: errors defined by JSON-LD 1.1 carry the specification's error
// code string verbatim as Status::code() (for example "protected term
// redefinition"), so callers and the W3C suite can compare them. Two codes
// are anycred's own:
//  - CONTEXT_UNLOADABLE: a remote context or @import URL that the
//    DocumentLoader does not serve (the spec's "loading remote context
//    failed" / "loading document failed").
//  - DATA_LOSS_DETECTION_ERROR: safe mode found something the algorithms
//    would silently drop; the message starts with the JSON path.
//
// Thread safety: constants.
#ifndef ANYCRED_CORE_JSONLD_ERRORS_H_
#define ANYCRED_CORE_JSONLD_ERRORS_H_

namespace anycred::jsonld::codes {

inline constexpr const char* kContextUnloadable = "CONTEXT_UNLOADABLE";
inline constexpr const char* kDataLoss = "DATA_LOSS_DETECTION_ERROR";

// JSON-LD 1.1 API §9.4.2 JsonLdErrorCode (the ones expansion/toRdf raise).
inline constexpr const char* kCollidingKeywords = "colliding keywords";
inline constexpr const char* kConflictingIndexes = "conflicting indexes";
inline constexpr const char* kContextOverflow = "context overflow";
inline constexpr const char* kCyclicIriMapping = "cyclic IRI mapping";
inline constexpr const char* kInvalidIdValue = "invalid @id value";
inline constexpr const char* kInvalidImportValue = "invalid @import value";
inline constexpr const char* kInvalidIncludedValue = "invalid @included value";
inline constexpr const char* kInvalidIndexValue = "invalid @index value";
inline constexpr const char* kInvalidNestValue = "invalid @nest value";
inline constexpr const char* kInvalidPrefixValue = "invalid @prefix value";
inline constexpr const char* kInvalidPropagateValue =
    "invalid @propagate value";
inline constexpr const char* kInvalidProtectedValue =
    "invalid @protected value";
inline constexpr const char* kInvalidReverseValue = "invalid @reverse value";
inline constexpr const char* kInvalidVersionValue = "invalid @version value";
inline constexpr const char* kInvalidBaseDirection = "invalid base direction";
inline constexpr const char* kInvalidBaseIri = "invalid base IRI";
inline constexpr const char* kInvalidContainerMapping =
    "invalid container mapping";
inline constexpr const char* kInvalidContextEntry = "invalid context entry";
inline constexpr const char* kInvalidContextNullification =
    "invalid context nullification";
inline constexpr const char* kInvalidDefaultLanguage =
    "invalid default language";
inline constexpr const char* kInvalidIriMapping = "invalid IRI mapping";
inline constexpr const char* kInvalidKeywordAlias = "invalid keyword alias";
inline constexpr const char* kInvalidLanguageMapValue =
    "invalid language map value";
inline constexpr const char* kInvalidLanguageMapping =
    "invalid language mapping";
inline constexpr const char* kInvalidLanguageTaggedString =
    "invalid language-tagged string";
inline constexpr const char* kInvalidLanguageTaggedValue =
    "invalid language-tagged value";
inline constexpr const char* kInvalidLocalContext = "invalid local context";
inline constexpr const char* kInvalidRemoteContext = "invalid remote context";
inline constexpr const char* kInvalidReverseProperty =
    "invalid reverse property";
inline constexpr const char* kInvalidReversePropertyMap =
    "invalid reverse property map";
inline constexpr const char* kInvalidReversePropertyValue =
    "invalid reverse property value";
inline constexpr const char* kInvalidScopedContext = "invalid scoped context";
inline constexpr const char* kInvalidSetOrListObject =
    "invalid set or list object";
inline constexpr const char* kInvalidTermDefinition = "invalid term definition";
inline constexpr const char* kInvalidTypeMapping = "invalid type mapping";
inline constexpr const char* kInvalidTypeValue = "invalid type value";
inline constexpr const char* kInvalidTypedValue = "invalid typed value";
inline constexpr const char* kInvalidValueObject = "invalid value object";
inline constexpr const char* kInvalidValueObjectValue =
    "invalid value object value";
inline constexpr const char* kInvalidVocabMapping = "invalid vocab mapping";
inline constexpr const char* kKeywordRedefinition = "keyword redefinition";
inline constexpr const char* kListOfLists = "list of lists";
inline constexpr const char* kLoadingDocumentFailed = "loading document failed";
inline constexpr const char* kProcessingModeConflict =
    "processing mode conflict";
inline constexpr const char* kProtectedTermRedefinition =
    "protected term redefinition";
inline constexpr const char* kRecursiveContextInclusion =
    "recursive context inclusion";

}  // namespace anycred::jsonld::codes

#endif  // ANYCRED_CORE_JSONLD_ERRORS_H_
