using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Portal.Ledger.Chain.Merkle;

/// <summary>
/// A SHA-256 hash: 32 bytes that cannot change once made. Its bytes are never handed out as an array, so a shared
/// value such as <see cref="EmptyTree"/> cannot be altered by whoever reads it. In JSON it is standard base64, as a
/// byte array would be.
/// </summary>
[JsonConverter(typeof(HashJsonConverter))]
public readonly struct Hash : IEquatable<Hash>
{
    public const int Size = 32;

    private readonly byte[]? _bytes;

    // Takes ownership of an array nobody else holds.
    private Hash(byte[] bytes) => _bytes = bytes;

    /// <summary>The root of the empty tree: SHA-256 of nothing (RFC 9162 section 2.1.1).</summary>
    public static Hash EmptyTree { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>32 zero bytes: what the first block names as the block before it.</summary>
    public static Hash Zero { get; } = new(new byte[Size]);

    public ReadOnlySpan<byte> Span => _bytes ?? throw new InvalidOperationException("A default Hash holds no bytes.");

    /// <summary>A copy of <paramref name="bytes"/>, which must be 32 bytes long.</summary>
    public static Hash Of(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size ? new(bytes.ToArray()) : throw new ArgumentException($"A SHA-256 hash is {Size} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>A hash over an array just computed into, which the caller gives up (no copy is made).</summary>
    internal static Hash Own(byte[] bytes) => bytes.Length == Size ? new(bytes) : throw new ArgumentException($"A SHA-256 hash is {Size} bytes.", nameof(bytes));

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Convert.ToHexStringLower(Span);

    public bool Equals(Hash other) => Span.SequenceEqual(other.Span);

    public bool Equals(ReadOnlySpan<byte> other) => Span.SequenceEqual(other);

    public override bool Equals(object? obj) => obj is Hash other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span);

    public override string ToString() => ToHex();

    public static bool operator ==(Hash left, Hash right) => left.Equals(right);

    public static bool operator !=(Hash left, Hash right) => !left.Equals(right);

    public static implicit operator ReadOnlySpan<byte>(Hash hash) => hash.Span;
}

internal sealed class HashJsonConverter : JsonConverter<Hash>
{
    public override Hash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Hash.Of(reader.GetBytesFromBase64());

    public override void Write(Utf8JsonWriter writer, Hash value, JsonSerializerOptions options) => writer.WriteBase64StringValue(value.Span);
}
