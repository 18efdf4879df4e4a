using System.Globalization;

namespace Portal.Ledger.Chain.Checkpoints;

/// <summary>The body of a C2SP tlog checkpoint: origin, tree size and root hash, one per line.</summary>
public sealed record Checkpoint(string Origin, long TreeSize, byte[] RootHash)
{
    public string ToNoteText() =>
        $"{Origin}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    public static Checkpoint Parse(string noteText)
    {
        var lines = noteText.Split('\n');
        if (lines.Length < 4 || lines[0].Length == 0)
        {
            throw new FormatException("A checkpoint has an origin line, a tree size line and a root hash line.");
        }
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || (lines[1].Length > 1 && lines[1][0] == '0'))
        {
            throw new FormatException("The checkpoint's tree size is not a decimal number without leading zeros.");
        }
        var root = StrictBase64.Decode(lines[2], "root hash");
        if (root.Length != 32)
        {
            throw new FormatException("The checkpoint's root hash is not 32 bytes.");
        }
        return new Checkpoint(lines[0], size, root);
    }
}
