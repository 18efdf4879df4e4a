namespace Portal.Ledger.Funds;

/// <summary>
/// The free-text fields of the fund commands, as refusals name them ("The purpose is required."). Constants, so that
/// a client can match a refusal's <see cref="Refusal.Field"/>; <see cref="RefusalTexts.Field"/> names each in both languages.
/// </summary>
public static class TextFields
{
    public const string FundName = "fund name";
    public const string RegionCode = "region code";
    public const string RegionLevel = "region level";
    public const string RegionName = "region name";
    public const string RegionNameEn = "region English name";
    public const string ProgramCode = "program code";
    public const string ProgramName = "program name";
    public const string ProgramNameEn = "program English name";
    public const string DepartmentCode = "department code";
    public const string DepartmentName = "department name";
    public const string Purpose = "purpose";
    public const string Comment = "comment";
    public const string RejectionReason = "reason for rejecting";
    public const string CancellationReason = "reason for cancelling";
    public const string BankReference = "bank reference";
    public const string Payee = "payee";
    public const string ErasureReason = "erasure reason";
    public const string UsageCategory = "usage category";
    public const string ReturnReason = "reason";
    public const string EvidenceHash = "evidence hash";
    public const string FeedbackText = "text";
    public const string Contact = "contact";
    public const string Answer = "answer";
    public const string EscalationReason = "reason for escalating";
    public const string ClosingNote = "closing note";
    public const string HidingReason = "reason for hiding";
    public const string PhotoHash = "photo hash";
    public const string ReviewNote = "review note";
}
