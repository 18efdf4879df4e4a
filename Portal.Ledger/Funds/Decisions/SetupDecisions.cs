namespace Portal.Ledger.Funds;

/// <summary>The state a set-up command is decided on: what already exists, and the identifier a new fund would get.</summary>
public sealed record CreateFundState(long NextFundId);

public sealed record SetPolicyState(long FundId, FundRecord? Fund);

/// <param name="Known">The region codes, among those the command names and their parents, that are already on the ledger.</param>
public sealed record DefineRegionsState(IReadOnlySet<string> Known);

public sealed record DefineProgramState(bool Exists);

public sealed record DefineDepartmentState(bool Exists, bool RegionExists);

/// <summary>Funds, policies, regions, programs and departments: an administrator's commands.</summary>
public static partial class FundDecisions
{
    public static Refusal? Check(Actor actor, CreateFund command, out CreateFund checkedCommand)
    {
        checkedCommand = command;
        var name = "";
        if ((Authority.Require(actor, Roles.Administrator)
            ?? FundRules.Text(command.Name, TextFields.FundName, 200, out name)) is { } refused)
        {
            return refused;
        }
        // Refuses an unknown currency first, then a budget it cannot hold.
        if (Money.Require(command.Budget, command.Currency, out var budget, RefusalTexts.Things.Budget) is { } badBudget)
        {
            return badBudget;
        }
        if (command.PeriodEnd < command.PeriodStart)
        {
            return new Refusal(RefusalReason.PeriodEndsBeforeStart);
        }
        checkedCommand = command with { Name = name, Budget = budget };
        return command.Policy.Check();
    }

    public static Decision Decide(CreateFundState state, CreateFund command) => Decision.Append(
        new FundCreated(state.NextFundId, command.Name, command.Currency, command.Budget, command.PeriodStart, command.PeriodEnd),
        new PolicySet(state.NextFundId, 1, command.Policy));

    public static Refusal? Check(Actor actor, ApprovalPolicy policy) =>
        Authority.Require(actor, Roles.Administrator) ?? policy.Check();

    public static Decision Decide(SetPolicyState state, ApprovalPolicy policy) =>
        state.Fund is not { } fund
            ? NotFound(RefusalTexts.Things.Fund, state.FundId)
            : Decision.Append(new PolicySet(fund.Id, fund.PolicyVersion + 1, policy));

    public static Refusal? Check(Actor actor, IReadOnlyList<RegionDefined> regions)
    {
        if (Authority.Require(actor, Roles.Administrator) is { } refused)
        {
            return refused;
        }
        foreach (var region in regions)
        {
            if ((FundRules.Text(region.Code, TextFields.RegionCode, 12, out _)
                ?? FundRules.Text(region.Level, TextFields.RegionLevel, 16, out _)
                ?? FundRules.Text(region.Name, TextFields.RegionName, 100, out _)
                ?? FundRules.Text(region.NameEn, TextFields.RegionNameEn, 200, out _, required: false)) is { } bad)
            {
                return bad;
            }
        }
        return null;
    }

    /// <summary>Defines the regions not yet known, parents before children; a region whose parent is unknown refuses them all.</summary>
    public static Decision Decide(DefineRegionsState state, IReadOnlyList<RegionDefined> regions)
    {
        var known = new HashSet<string>(state.Known, StringComparer.Ordinal);
        var events = new List<IFundEvent>();
        foreach (var region in regions)
        {
            if (known.Contains(region.Code))
            {
                continue;
            }
            if (region.ParentCode is { } parent && !known.Contains(parent))
            {
                return NotFound(RefusalTexts.Things.ParentRegion, parent);
            }
            known.Add(region.Code);
            events.Add(region);
        }
        return new Decision(events, null);
    }

    public static Refusal? Check(Actor actor, ProgramDefined program, out ProgramDefined checkedProgram)
    {
        checkedProgram = program;
        string code = "", name = "", nameEn = "";
        var refused = Authority.Require(actor, Roles.Administrator)
            ?? FundRules.Text(program.Code, TextFields.ProgramCode, 64, out code)
            ?? FundRules.Text(program.Name, TextFields.ProgramName, 200, out name)
            ?? FundRules.Text(program.NameEn, TextFields.ProgramNameEn, 200, out nameEn);
        if (refused is null)
        {
            checkedProgram = program with { Code = code, Name = name, NameEn = nameEn };
        }
        return refused;
    }

    public static Decision Decide(DefineProgramState state, ProgramDefined program) =>
        state.Exists ? new Refusal(RefusalReason.ProgramExists, program.Code) : Decision.Append(program);

    public static Refusal? Check(Actor actor, DepartmentDefined department, out DepartmentDefined checkedDepartment)
    {
        checkedDepartment = department;
        string code = "", name = "";
        var refused = Authority.Require(actor, Roles.Administrator)
            ?? FundRules.Text(department.Code, TextFields.DepartmentCode, 64, out code)
            ?? FundRules.Text(department.Name, TextFields.DepartmentName, 200, out name);
        if (refused is null)
        {
            checkedDepartment = department with { Code = code, Name = name };
        }
        return refused;
    }

    public static Decision Decide(DefineDepartmentState state, DepartmentDefined department) =>
        state.Exists ? new Refusal(RefusalReason.DepartmentExists, department.Code)
        : !state.RegionExists ? NotFound(RefusalTexts.Things.Region, department.RegionCode)
        : Decision.Append(department);

    private static Refusal NotFound(Term thing, object key) => new(RefusalReason.NotFound, thing, key);
}
