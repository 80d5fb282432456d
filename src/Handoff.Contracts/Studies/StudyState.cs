namespace Handoff.Contracts.Studies;

public enum StudyState
{
    Receiving = 1,
    Complete = 2,
}
