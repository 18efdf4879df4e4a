using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Portal.Web.Localization;

namespace Portal.Web.Components;

/// <summary>
/// The browser verifier's codes (wwwroot/js/verify.js) written out in the visitor's language. An unknown code shows
/// as itself, so a new check in the script is visible, if terse, before it is worded here.
/// </summary>
public static class BrowserCheckText
{
    public static string Title(this BrowserCheck.Check check, IStringLocalizer<Text> L)
    {
        var a = new Facts(check.Args);
        return check.Title switch
        {
            "ledger-key" => L["Ledger key"],
            "checkpoint-signature" => L["Checkpoint signature"],
            "entry-content" => L["Entry {0}: content", a.Text("index")],
            "entry-included" => L["Entry {0}: in the signed ledger", a.Text("index")],
            "saved-checkpoint-signature" => L["Saved checkpoint signature"],
            "current-checkpoint-signature" => L["Current checkpoint signature"],
            "same-log" => L["Same log"],
            "block-checkpoint" => L["Block {0}: checkpoint", a.Text("height")],
            "block-entries" => L["Block {0}: entries", a.Text("height")],
            "append-only" => L["Append-only"],
            "history" => L["History this browser saw"],
            "shown" => L["What this page shows"],
            "timeline" => L["Steps of the request"],
            "stopped" => L["Verification stopped"],
            "could-not-run" => L["Verification could not run"],
            var code => code,
        };
    }

    public static string Detail(this BrowserCheck.Check check, IStringLocalizer<Text> L)
    {
        var a = new Facts(check.Args);
        return check.Detail switch
        {
            "key-first-seen" => L["Key {0} (ID {1}) seen for the first time; this browser will remember it.", a.Text("name"), a.Text("id")],
            "key-same" => L["Same key {0} (ID {1}) this browser has trusted since {2}.", a.Text("name"), a.Text("id"), a.Date("since")],
            "key-changed" => L["The published key changed since {0}: the ledger now signs with another key.", a.Date("since")],
            "key-rotated" => L["The ledger rotated its key: entry {0}, signed with the key this browser trusted since {1}, names the new key {2} (ID {3}), and today's ledger extends the one that recorded it. This browser now trusts the new key.", a.Text("index"), a.Date("since"), a.Text("name"), a.Text("id")],
            "saved-key-rotated" => L["The saved checkpoint was signed by an earlier key; entry {0}, signed by that key, rotated it to today's key (ID {1}), and today's ledger extends the one that recorded it.", a.Text("index"), a.Text("id")],
            "rotation-not-recorded" => L["Entry {0}, listed as a key rotation, is not one.", a.Text("index")],
            "rotation-not-signed" => L["The checkpoint that should record key rotation {0} is not signed by the key this browser trusted.", a.Text("index")],
            "rotation-not-included" => L["Key rotation entry {0} is not in the checkpoint that should hold it.", a.Text("index")],
            "rotation-not-append-only" => L["The ledger after key rotation {0} does not extend the ledger that recorded it.", a.Text("index")],
            "leaf-malformed" => L["An entry's leaf data is not in the ledger's format."],
            "checkpoint-signed" => L["Ed25519 signature over \"{0}\", tree size {1}, root {2}….", a.Text("origin"), a.Number("size"), a.Text("root")],
            "checkpoint-signature-invalid" => L["The checkpoint's signature does not verify with the published key."],
            "block-linked" => L["Block {0} follows the last block shown, linked by its hash.", a.Text("height")],
            "block-not-linked" => L["Block {0} does not follow the last block shown: wrong height, hash link or entry count.", a.Text("height")],
            "block-hash-computed" => L["SHA-256 of block {0}'s header = its hash {1}….", a.Text("height"), a.Text("hash")],
            "block-hash-mismatch" => L["Block {0}'s hash is not the SHA-256 of its header: the block was altered.", a.Text("height")],
            "checkpoint-names-block" => L["The signed checkpoint is of this block's tree ({0} entries).", a.Number("size")],
            "checkpoint-not-block" => L["The signed checkpoint is not of this block's tree ({0} entries).", a.Number("size")],
            "entries-fill-tree" => L["The {0} entries, decoded here from their leaf data, are exactly the leaves {1} to {2} of the signed tree.", a.Number("count"), a.Number("from"), a.Number("to")],
            "entries-not-leaves" => L["The block's entries are not the leaves its signed tree added: an entry was altered, added or left out."],
            "range-not-previous-root" => L["The previous tree's compact range does not hash to the root this page verified ({0} entries).", a.Number("size")],
            "range-wrong-length" => L["The previous tree's compact range has {0} hashes; a tree of {1} entries has {2}.", a.Number("count"), a.Number("size"), a.Number("expected")],
            "entries-not-after-previous" => L["Block {0}'s entries start at index {1}, but the last tree this page verified has {2} entries.", a.Text("height"), a.Number("from"), a.Number("verified")],
            "entry-not-next" => L["Entry {0} is not the next leaf of the tree (expected {1}).", a.Text("index"), a.Text("expected")],
            "streamed-entry-differs" => L["Entry {0}'s {1} is sent as \"{2}\", but its leaf records \"{3}\".", a.Text("index"), a.Text("field"), a.Text("shown"), a.Text("recorded")],
            "leaf-hash-computed" => L["SHA-256(0x00 ‖ entry) = {0}… ({1})", a.Text("hash"), a.Text("kind")],
            "proof-leads-to-root" => L["{0} proof hashes lead to the checkpoint's root.", a.Number("count")],
            "saved-signed" => L["Signed by {0} (key ID {1}): tree size {2}, root {3}….", a.Text("name"), a.Text("id"), a.Number("size"), a.Text("root")],
            "saved-signature-invalid" => L["The signature does not match this text: the checkpoint was altered, or signed by another key than {0}.", a.Text("name")],
            "current-signed" => L["Tree size {0}, root {1}….", a.Number("size"), a.Text("root")],
            "same-origin" => L["Origin \"{0}\".", a.Text("origin")],
            "other-origin" => L["The saved checkpoint is of \"{0}\", today's of \"{1}\".", a.Text("origin"), a.Text("current")],
            "log-truncated" => L["The saved checkpoint has {0} entries, the log only {1}: the log was truncated or rolled back.", a.Number("saved"), a.Number("current")],
            "nothing-checked" => L["This page names no ledger entry to check, so nothing it shows can be verified."],
            "shown-match" => L["{0} values shown on this page equal what the signed entries record.", a.Number("count")],
            "shown-differs" => L["{0} is shown as \"{1}\", but entry {2} records \"{3}\".", Label(a, L), a.Text("shown"), a.Text("index"), a.Text("recorded")],
            "shown-not-checked" => L["{0} comes from entry {1}, which was not proven here.", Label(a, L), a.Text("index")],
            "sum-differs" => L["{0} is shown as {1}, but the signed entries add up to {2}.", Label(a, L), a.Text("shown"), a.Text("recorded")],
            "timeline-complete" => L["The {0} checked entries of request {1} form an unbroken chain from its filing: no step between them is missing.", a.Number("count"), a.Text("request")],
            "timeline-no-filing" => L["The first checked entry ({0}) is not the filing of request {1}.", a.Text("index"), a.Text("request")],
            "timeline-other-request" => L["Entry {0} is not a step of request {1}.", a.Text("index"), a.Text("request")],
            "timeline-unlinked" => L["Entry {0} does not name the step before it, so a missing step cannot be ruled out.", a.Text("index")],
            "timeline-step-missing" => L["Entry {0} follows entry {1}, but this page shows entry {2} before it: a step is missing.", a.Text("index"), a.Text("previous"), a.Text("shown")],
            "history-extends" => L["Today's ledger ({0} entries) extends the one this browser verified on {1} ({2} entries).", a.Number("current"), a.Date("since"), a.Number("seen")],
            "history-same" => L["Today's ledger is the one this browser verified on {0} ({1} entries).", a.Date("since"), a.Number("seen")],
            "history-rewritten" => L["This ledger rewrote history that this browser saw on {0}: the ledger of {1} entries verified then is not the start of today's ({2} entries). Keep both checkpoints as evidence.", a.Date("since"), a.Number("seen"), a.Number("current")],
            "nothing-appended" => L["Nothing was appended since; the roots must be, and are, identical."],
            "consistency-proven" => L["{0} proof hashes show the {1} entries you saved are unchanged at the start of today's {2}.", a.Number("count"), a.Number("saved"), a.Number("current")],
            "not-hex" => L["{0} is not hexadecimal.", What(a, L)],
            "not-base64" => L["{0} is not base64.", What(a, L)],
            "wrong-hash-length" => L["{0} has {1} bytes; SHA-256 hashes have 32.", What(a, L), a.Number("length")],
            "index-outside-tree" => L["Index {0} is outside a tree of {1} leaves.", a.Text("index"), a.Number("size")],
            "inclusion-proof-too-long" => L["The inclusion proof is longer than the tree allows."],
            "inclusion-proof-too-short" => L["The inclusion proof is shorter than the tree requires."],
            "no-consistency-proof" => L["No consistency proof exists from size {0} to size {1}.", a.Number("from"), a.Number("to")],
            "equal-sizes-proof-not-empty" => L["A proof between equal sizes must be empty."],
            "consistency-proof-empty" => L["The consistency proof is empty."],
            "consistency-proof-too-long" => L["The consistency proof is longer than the trees allow."],
            "consistency-proof-too-short" => L["The consistency proof is shorter than the trees require."],
            "key-malformed" => L["The public key is not name+keyid+key."],
            "key-not-ed25519" => L["The public key is not an Ed25519 key."],
            "key-id-mismatch" => L["The public key does not match its key ID."],
            "not-signed-note" => L["The checkpoint is not a signed note."],
            "tree-size-not-number" => L["The checkpoint tree size is not a number."],
            "size-too-large" => L["{0} is {1}, too large to check exactly in a browser.", What(a, L), a.Text("value")],
            "origin-not-key-name" => L["The checkpoint is of the log \"{0}\", not of \"{1}\" whose key signs here.", a.Text("origin"), a.Text("name")],
            "rotation-to-itself" => L["Entry {0} records a key rotation from a key to itself.", a.Text("index")],
            "signature-line-malformed" => L["A signature line is malformed."],
            "no-signature-by-key" => L["The checkpoint carries no signature by {0} with key ID {1}.", a.Text("name"), a.Text("id")],
            "signature-not-64-bytes" => L["The Ed25519 signature is not 64 bytes."],
            "ed25519-unsupported" => L["This browser cannot check Ed25519 signatures (WebCrypto Ed25519 is missing)."],
            "http-error" => L["{0} answered {1}.", a.Text("url"), a.Text("status")],
            "portal-unreachable" => L["{0} could not be reached (the portal is down, the address is wrong, or it does not allow this page to read it).", a.Text("url")],
            "portal-url-invalid" => L["\"{0}\" is not a portal address (http:// or https://).", a.Text("url")],
            "unexpected" => L["Unexpected error: {0}", a.Text("message")],
            var code => code,
        };
    }

    // The value a message is about, as the script names it.
    private static string What(Facts a, IStringLocalizer<Text> L) => a.Text("what") switch
    {
        "key-id" => L["The key ID"],
        "public-key" => L["The public key"],
        "signature" => L["A signature"],
        "root-hash" => L["The root hash"],
        "leaf-data" => L["The leaf data"],
        "leaf-hash" => L["The leaf hash"],
        "proof-hash" => a.Has("position") ? L["Proof hash {0}", a.Text("position")] : L["A proof hash"],
        "first-root" => L["The first root"],
        "second-root" => L["The second root"],
        "block-hash" => L["The block hash"],
        "previous-hash" => L["The previous block's hash"],
        "range-hash" => a.Has("position") ? L["Compact range hash {0}", a.Text("position")] : L["A compact range hash"],
        "index" => L["The index"],
        "tree-size" => L["The tree size"],
        var what => what,
    };

    // The value of a page a 'shown' check is about, as the script names it.
    private static string Label(Facts a, IStringLocalizer<Text> L) => a.Text("label") switch
    {
        "amount-paid" => L["The amount paid"],
        "paid-at" => L["The payment time"],
        "record-number" => L["The record number"],
        "request-number" => L["The request number"],
        "fund" => L["The fund"],
        "program" => L["The program"],
        "region" => L["The region"],
        "department" => L["The department"],
        "purpose" => L["The purpose"],
        "beneficiaries" => L["The number of beneficiaries"],
        "amount-requested" => L["The amount requested"],
        "step-kind" => L["A step's kind"],
        "step-time" => L["A step's time"],
        "step-amount" => L["A step's amount"],
        "paid-on-request" => L["The amount paid on the request"],
        "reported-used" => L["The amount reported used"],
        "returned" => L["The amount returned"],
        "entry-kind" => L["The entry's kind"],
        "entry-actor" => L["The entry's actor"],
        "entry-time" => L["The entry's time"],
        "entry-payload" => L["The entry's payload"],
        var label => label,
    };

    /// <summary>A check's facts as text, numbers and dates for the visitor's culture.</summary>
    internal readonly struct Facts(IReadOnlyDictionary<string, JsonElement>? args)
    {
        public bool Has(string name) => args?.ContainsKey(name) == true;

        public string Text(string name) => args?.GetValueOrDefault(name) is { ValueKind: not JsonValueKind.Undefined } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText()
            : "";

        /// <summary>Sizes and counts as the culture groups digits (12,345).</summary>
        public string Number(string name) => long.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Formats.Count(n) : Text(name);

        /// <summary>A yyyy-MM-dd day from the script, in the culture's pattern.</summary>
        public string Date(string name) =>
            DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Formats.Date(day) : Text(name);
    }
}
