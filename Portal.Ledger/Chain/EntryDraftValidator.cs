using System.Text;
using System.Text.Json;

namespace Portal.Ledger.Chain;

internal static class EntryDraftValidator
{
    public static void Validate(EntryDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Kind) || Encoding.UTF8.GetByteCount(draft.Kind) > EntryEncoding.MaxKindBytes)
        {
            throw new LedgerArgumentException($"An entry kind is 1 to {EntryEncoding.MaxKindBytes} bytes of text.");
        }
        if (string.IsNullOrWhiteSpace(draft.Actor) || Encoding.UTF8.GetByteCount(draft.Actor) > EntryEncoding.MaxActorBytes)
        {
            throw new LedgerArgumentException($"An entry actor is 1 to {EntryEncoding.MaxActorBytes} bytes of text.");
        }
        if (draft.Payload is null || Encoding.UTF8.GetByteCount(draft.Payload) > EntryEncoding.MaxPayloadBytes)
        {
            throw new LedgerArgumentException($"An entry payload is JSON of at most {EntryEncoding.MaxPayloadBytes} bytes.");
        }
        var leafInput = EntryEncoding.EncodedLength(draft.Kind, draft.Actor, draft.Payload);
        if (leafInput > EntryEncoding.MaxLeafInputBytes)
        {
            throw new LedgerArgumentException(
                $"An entry is at most {EntryEncoding.MaxLeafInputBytes:N0} bytes as recorded (C2SP entry bundles prefix each with a 16-bit length); this one would be {leafInput:N0}.");
        }
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(draft.Payload));
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw new LedgerArgumentException($"An entry payload must be valid JSON: {ex.Message}");
        }
    }
}
