namespace Portal.Ledger.Funds;

/// <summary>Every reason a fund command can be refused; <see cref="RefusalTexts"/> words each one.</summary>
public enum RefusalReason
{
    NotFound,
    RoleRequired,
    NotADepartmentOfficial,
    DeciderWithoutDepartment,
    NotADecider,
    MayNotCancel,
    NotTheReceivingDepartment,
    UnknownCurrency,
    PeriodEndsBeforeStart,
    ProgramExists,
    DepartmentExists,
    BeneficiariesOutOfRange,
    TextRequired,
    TextTooLong,
    TextHasControlCharacters,
    HiddenCharacter,
    NotASha256,
    NotABankReference,
    AmountNotPositive,
    AmountTooLarge,
    TooManyDecimals,
    OutsideFundPeriod,
    PaidRequestCannotBeCancelled,
    StateCannotBeCancelled,
    NotApprovedCannotBePaid,
    OverBudget,
    OverApproved,
    OverDisbursed,
    OverReturnable,
    SelfDecision,
    AlreadyDecided,
    AlreadyApproved,
    AwaitsSupervisor,
    RoleCannotApprove,
    DepartmentHasApproved,
    PolicyWithoutTiers,
    PolicyApprovalCount,
    PolicyTierRoles,
    PolicyOpenTier,
    PolicyTierLimits,
    PolicyTierWithoutLimit,
    PolicySignOffLimit,
    DuplicateReference,
    UnknownPayeeType,
    NoPersonalData,
    PersonalDataErased,
    SecondAdministratorRequired,
    ErasureAlreadyRequested,
    UnknownFeedbackKind,
    UnknownFeedbackCategory,
    CategoryOnlyForComplaints,
    TooManyPhotos,
    UnknownFeedbackOutcome,
    NotTheDepartmentConcerned,
    FeedbackIsClosed,
    FeedbackIsHidden,
}

/// <summary>
/// The one table of refusal texts: for each reason its stable code and its English and Chinese wording, with
/// numbered places for what the refusal names. The API answers in English; pages in the visitor's language.
/// </summary>
public static class RefusalTexts
{
    public sealed record Wording(string Code, string English, string Chinese);

    public static Wording Row(RefusalReason reason) => reason switch
    {
        RefusalReason.NotFound => new(FundErrors.NotFound,
            "No {0} '{1}' exists.", "{0}“{1}”不存在。"),
        RefusalReason.RoleRequired => new(FundErrors.Forbidden,
            "This needs the {0} role.", "此操作需要{0}角色。"),
        RefusalReason.NotADepartmentOfficial => new(FundErrors.Forbidden,
            "Only an official of a department can file requests.", "只有部门的经办人才能提交申请。"),
        RefusalReason.DeciderWithoutDepartment => new(FundErrors.Forbidden,
            "Approvers act for a department.", "审批人须代表一个部门审批。"),
        RefusalReason.NotADecider => new(FundErrors.Forbidden,
            "Only approvers and supervisors decide on requests.", "只有审批人和监督员可以审批申请。"),
        RefusalReason.MayNotCancel => new(FundErrors.Forbidden,
            "Only the requester, a supervisor or an administrator can cancel a request.", "只有申请人、监督员或管理员可以撤销申请。"),
        RefusalReason.NotTheReceivingDepartment => new(FundErrors.Forbidden,
            "Only an official of the receiving department can report on this request.", "只有收款部门的经办人可以报告该申请的资金情况。"),
        RefusalReason.UnknownCurrency => new(FundErrors.InvalidCurrency,
            "Unknown currency '{0}'.", "不支持币种“{0}”。"),
        RefusalReason.PeriodEndsBeforeStart => new(FundErrors.InvalidArgument,
            "The fund period ends before it starts.", "资金期限的结束日期早于开始日期。"),
        RefusalReason.ProgramExists => new(FundErrors.InvalidArgument,
            "Program '{0}' already exists.", "项目“{0}”已存在。"),
        RefusalReason.DepartmentExists => new(FundErrors.InvalidArgument,
            "Department '{0}' already exists.", "部门“{0}”已存在。"),
        RefusalReason.BeneficiariesOutOfRange => new(FundErrors.InvalidArgument,
            "The number of beneficiaries is between 0 and 10,000,000.", "受益人数须在 0 至 10,000,000 之间。"),
        RefusalReason.TextRequired => new(FundErrors.InvalidArgument,
            "The {0} is required.", "{0}为必填项。"),
        RefusalReason.TextTooLong => new(FundErrors.InvalidArgument,
            "The {0} is at most {1} characters.", "{0}最多 {1} 个字符。"),
        RefusalReason.TextHasControlCharacters => new(FundErrors.InvalidArgument,
            "The {0} contains control characters or characters that are not text.", "{0}中含有控制字符或非文本字符。"),
        RefusalReason.HiddenCharacter => new(FundErrors.TextHasHiddenCharacters,
            "The {0} contains {1}, which can make text display differently from what is recorded: remove it.",
            "{0}中含有 {1}，这个字符会使文字的显示与记录的内容不同：请删除它。"),
        RefusalReason.NotASha256 => new(FundErrors.InvalidArgument,
            "The {0} must be a SHA-256 hash: 64 hexadecimal digits.", "{0}须为 SHA-256 哈希值：64 位十六进制数字。"),
        RefusalReason.NotABankReference => new(FundErrors.InvalidArgument,
            "A bank reference uses letters, digits and - _ . / only.", "银行流水号只能包含字母、数字和 - _ . /。"),
        RefusalReason.AmountNotPositive => new(FundErrors.InvalidAmount,
            "The {0} must be greater than zero.", "{0}须大于零。"),
        RefusalReason.AmountTooLarge => new(FundErrors.InvalidAmount,
            "The {0} must not exceed {1} {2}.", "{0}不得超过 {1} {2}。"),
        RefusalReason.TooManyDecimals => new(FundErrors.InvalidAmount,
            "{0} amounts have at most {1} decimal places.", "{0}金额最多有 {1} 位小数。"),
        RefusalReason.OutsideFundPeriod => new(FundErrors.InvalidState,
            "The fund accepts requests from {0} to {1}.", "该资金只在 {0} 至 {1} 期间受理申请。"),
        RefusalReason.PaidRequestCannotBeCancelled => new(FundErrors.InvalidState,
            "Payments have been made on this request: return unused funds instead of cancelling.", "该申请已有拨付：请退回未使用的资金，而不是撤销申请。"),
        RefusalReason.StateCannotBeCancelled => new(FundErrors.InvalidState,
            "A {0} request cannot be cancelled.", "状态为“{0}”的申请不能撤销。"),
        RefusalReason.NotApprovedCannotBePaid => new(FundErrors.InvalidState,
            "Request {0} is {1}, not approved: it cannot be paid.", "申请 {0} 的状态为“{1}”，尚未审批通过，不能拨付。"),
        RefusalReason.OverBudget => new(FundErrors.OverBudget,
            "Approving {0} {1} would exceed the fund's remaining budget of {2} {1}.", "批准 {0} {1} 将超出资金剩余的预算 {2} {1}。"),
        RefusalReason.OverApproved => new(FundErrors.OverApproved,
            "Paying {0} {1} would exceed the approved {2} {1} (already paid {3}).", "拨付 {0} {1} 将超出批准的 {2} {1}（已拨付 {3}）。"),
        RefusalReason.OverDisbursed => new(FundErrors.OverDisbursed,
            "Reported usage of {0} {1} exceeds the {2} {1} paid and not yet used or returned.", "报告的使用金额 {0} {1} 超出了已拨付且尚未使用或退回的 {2} {1}。"),
        RefusalReason.OverReturnable => new(FundErrors.OverReturnable,
            "Only {0} {1} of this request is paid and unused; {2} cannot be returned.", "该申请已拨付且未使用的金额只有 {0} {1}，不能退回 {2}。"),
        RefusalReason.SelfDecision => new(FundErrors.SelfApproval,
            "Nobody can decide on their own request.", "任何人不得审批本人提交的申请。"),
        RefusalReason.AlreadyDecided => new(FundErrors.AlreadyDecided,
            "Request {0} is already {1}.", "申请 {0} 的状态已是“{1}”。"),
        RefusalReason.AlreadyApproved => new(FundErrors.AlreadyDecided,
            "You have already approved this request; another approver must decide.", "您已批准过该申请，须由另一位审批人审批。"),
        RefusalReason.AwaitsSupervisor => new(FundErrors.PolicyViolation,
            "The approvals are complete; the request now waits for a supervisor's sign-off.", "审批已齐全，该申请正在等待监督员签批。"),
        RefusalReason.RoleCannotApprove => new(FundErrors.PolicyViolation,
            "Under policy version {0} a {1} cannot approve this request.", "按第 {0} 版审批规则，{1}不能批准该申请。"),
        RefusalReason.DepartmentHasApproved => new(FundErrors.PolicyViolation,
            "Requests over this amount need approvals from {0} different departments; {1} has approved already.",
            "超过此金额的申请须由 {0} 个不同部门批准；{1} 已经批准过。"),
        RefusalReason.PolicyWithoutTiers => new(FundErrors.PolicyViolation,
            "An approval policy needs at least one tier.", "审批规则至少要有一档。"),
        RefusalReason.PolicyApprovalCount => new(FundErrors.PolicyViolation,
            "Each tier requires 1 to 10 approvals.", "每一档所需审批数须为 1 至 10 个。"),
        RefusalReason.PolicyTierRoles => new(FundErrors.PolicyViolation,
            "Tier approvers are Approvers or Supervisors.", "每一档只能由审批人或监督员审批。"),
        RefusalReason.PolicyOpenTier => new(FundErrors.PolicyViolation,
            "Only the last tier is open-ended, and it must be.", "只有最后一档不设金额上限，而且最后一档必须不设上限。"),
        RefusalReason.PolicyTierLimits => new(FundErrors.PolicyViolation,
            "Tier limits must be positive and ascending.", "各档的金额上限须大于零，并逐档递增。"),
        RefusalReason.PolicyTierWithoutLimit => new(FundErrors.PolicyViolation,
            "Tier {0} needs an upper limit.", "第 {0} 档需要设定金额上限。"),
        RefusalReason.PolicySignOffLimit => new(FundErrors.PolicyViolation,
            "The supervisor sign-off limit must be positive.", "监督员签批起点须大于零。"),
        RefusalReason.DuplicateReference => new(FundErrors.DuplicateReference,
            "Bank reference '{0}' already confirmed a payment of {1} on request {2}.", "银行流水号“{0}”已确认过申请 {2} 的一笔 {1} 的拨付。"),
        RefusalReason.UnknownPayeeType => new(FundErrors.InvalidArgument,
            "The payee type is 'organization' or 'individual'.", "收款人类型须为“organization”（单位）或“individual”（个人）。"),
        RefusalReason.NoPersonalData => new(FundErrors.NotFound,
            "Disbursement {0} holds no personal data: its payee is public.", "拨付 {0} 不含个人信息：其收款人是公开的。"),
        RefusalReason.PersonalDataErased => new(FundErrors.InvalidState,
            "The personal data of disbursement {0} was erased on {1}.", "拨付 {0} 的个人信息已于 {1} 删除。"),
        RefusalReason.SecondAdministratorRequired => new(FundErrors.Forbidden,
            "Another administrator must approve an erasure you asked for.", "您提出的删除须由另一位管理员批准。"),
        RefusalReason.ErasureAlreadyRequested => new(FundErrors.InvalidState,
            "An erasure of disbursement {0}'s personal data already waits for another administrator's approval.", "删除拨付 {0} 个人信息的申请已在等待另一位管理员批准。"),
        RefusalReason.UnknownFeedbackKind => new(FundErrors.InvalidArgument,
            "The kind of feedback is 'question', 'complaint' or 'confirmation'.", "反馈类型须为“question”（提问）、“complaint”（投诉）或“confirmation”（确认）。"),
        RefusalReason.UnknownFeedbackCategory => new(FundErrors.InvalidArgument,
            "A complaint's category is 'money-not-received', 'work-not-done', 'amount-wrong' or 'other'.",
            "投诉类别须为“money-not-received”（未收到钱款）、“work-not-done”（工程未完成）、“amount-wrong”（金额不对）或“other”（其他）。"),
        RefusalReason.CategoryOnlyForComplaints => new(FundErrors.InvalidArgument,
            "Only a complaint has a category.", "只有投诉才有类别。"),
        RefusalReason.TooManyPhotos => new(FundErrors.InvalidArgument,
            "A feedback cites at most {0} different photos.", "一条反馈最多附 {0} 张不同的照片。"),
        RefusalReason.UnknownFeedbackOutcome => new(FundErrors.InvalidArgument,
            "The outcome is 'resolved', 'unfounded', 'referred' or 'answered'.", "处理结果须为“resolved”（已解决）、“unfounded”（不属实）、“referred”（已移交）或“answered”（已答复）。"),
        RefusalReason.NotTheDepartmentConcerned => new(FundErrors.Forbidden,
            "Only an official of department {0}, which the feedback concerns, can answer it.", "只有该反馈所涉部门 {0} 的经办人可以答复。"),
        RefusalReason.FeedbackIsClosed => new(FundErrors.InvalidState,
            "Feedback {0} is closed.", "反馈 {0} 已办结。"),
        RefusalReason.FeedbackIsHidden => new(FundErrors.InvalidState,
            "Feedback {0} is already hidden.", "反馈 {0} 已被屏蔽。"),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "A refusal reason without a wording."),
    };

    /// <summary>The things a <see cref="RefusalReason.NotFound"/> names.</summary>
    public static class Things
    {
        public static Term Fund { get; } = new("fund", "资金");
        public static Term Request { get; } = new("request", "申请");
        public static Term Program { get; } = new("program", "项目");
        public static Term Region { get; } = new("region", "地区");
        public static Term ParentRegion { get; } = new("parent region", "上级地区");
        public static Term Department { get; } = new("department", "部门");
        public static Term Policy { get; } = new("approval policy", "审批规则");
        public static Term Budget { get; } = new("budget", "预算");
        public static Term Amount { get; } = new("amount", "金额");
        public static Term Disbursement { get; } = new("disbursement", "拨付");
        public static Term ErasureRequest { get; } = new("erasure request", "删除申请");
        public static Term Feedback { get; } = new("feedback", "反馈");
        public static Term Photo { get; } = new("photo", "照片");
    }

    /// <summary>A free-text field (<see cref="TextFields"/>) as refusals name it.</summary>
    public static Term Field(string field) => new(field, field switch
    {
        TextFields.FundName => "资金名称",
        TextFields.RegionCode => "地区代码",
        TextFields.RegionLevel => "地区级别",
        TextFields.RegionName => "地区名称",
        TextFields.RegionNameEn => "地区英文名称",
        TextFields.ProgramCode => "项目代码",
        TextFields.ProgramName => "项目名称",
        TextFields.ProgramNameEn => "项目英文名称",
        TextFields.DepartmentCode => "部门代码",
        TextFields.DepartmentName => "部门名称",
        TextFields.Purpose => "用途",
        TextFields.Comment => "意见",
        TextFields.RejectionReason => "驳回理由",
        TextFields.CancellationReason => "撤回或撤销理由",
        TextFields.BankReference => "银行流水号",
        TextFields.Payee => "收款人",
        TextFields.UsageCategory => "支出用途",
        TextFields.ReturnReason => "退回资金的理由",
        TextFields.EvidenceHash => "证明材料哈希",
        TextFields.ErasureReason => "删除理由",
        TextFields.FeedbackText => "反馈内容",
        TextFields.Contact => "联系方式",
        TextFields.Answer => "答复",
        TextFields.EscalationReason => "督办理由",
        TextFields.ClosingNote => "办结说明",
        TextFields.HidingReason => "屏蔽理由",
        TextFields.PhotoHash => "照片哈希",
        _ => field,
    });

    /// <summary>A role, as in "This needs the Approver role" (<paramref name="lowerCase"/>: "a supervisor cannot").</summary>
    public static Term Role(string role, bool lowerCase = false) => new(lowerCase ? role.ToLowerInvariant() : role, role switch
    {
        Roles.Official => "经办人",
        Roles.Approver => "审批人",
        Roles.Supervisor => "监督员",
        Roles.Administrator => "管理员",
        Roles.Bank => "银行",
        _ => role,
    });

    /// <summary>A request's state, as in "Request 7 is already approved".</summary>
    public static Term State(RequestState state) => new(state.ToString().ToLowerInvariant(), state switch
    {
        RequestState.Pending => "待审批",
        RequestState.Approved => "已审批",
        RequestState.Rejected => "已驳回",
        RequestState.Cancelled => "已撤销",
        _ => state.ToString(),
    });
}
