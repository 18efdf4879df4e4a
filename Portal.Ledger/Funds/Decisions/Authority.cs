namespace Portal.Ledger.Funds;

/// <summary>Who may issue which command: checked before any state is read.</summary>
public static class Authority
{
    public static Refusal? Require(Actor actor, string role) =>
        actor.IsIn(role) ? null : new Refusal(RefusalReason.RoleRequired, RefusalTexts.Role(role));

    /// <summary>The role a decision on a request is taken in: supervisor over approver; both act for a department.</summary>
    public static Refusal? DecidingRole(Actor actor, out string role)
    {
        role = actor.IsIn(Roles.Supervisor) ? Roles.Supervisor : actor.IsIn(Roles.Approver) ? Roles.Approver : "";
        return actor.Department is null ? new Refusal(RefusalReason.DeciderWithoutDepartment)
            : role.Length == 0 ? new Refusal(RefusalReason.NotADecider)
            : null;
    }
}
