"""The models leave `core` for their domain apps (registry, contribution, investments,
production, ledger, fund). State only: the tables keep their names, no row moves. The content
types follow, so audit entries and permissions keep pointing at their records."""

from django.db import migrations


MOVED = [
    ('organisation', 'registry'),
    ('membership', 'registry'),
    ('company', 'registry'),
    ('person', 'registry'),
    ('work', 'registry'),
    ('credit', 'registry'),
    ('suppliercorrection', 'registry'),
    ('auditentry', 'registry'),
    ('editorprofile', 'contribution'),
    ('service', 'contribution'),
    ('obligationyear', 'contribution'),
    ('turnoverdeclaration', 'contribution'),
    ('turnoverline', 'contribution'),
    ('serviceyearfacts', 'contribution'),
    ('question', 'contribution'),
    ('attachment', 'contribution'),
    ('investment', 'investments'),
    ('independenceassessment', 'investments'),
    ('independenceshareholder', 'investments'),
    ('independenceturnover', 'investments'),
    ('spilloverproof', 'investments'),
    ('payment', 'investments'),
    ('committeemeeting', 'investments'),
    ('project', 'production'),
    ('coproductionshare', 'production'),
    ('account', 'production'),
    ('fringerate', 'production'),
    ('budgetversion', 'production'),
    ('budgetline', 'production'),
    ('purchaseorder', 'production'),
    ('financingsource', 'production'),
    ('financingtranche', 'production'),
    ('expense', 'ledger'),
    ('columnmapping', 'ledger'),
    ('ledgerimport', 'ledger'),
    ('ledgerbucket', 'ledger'),
    ('fundingline', 'fund'),
    ('fundinglineenvelope', 'fund'),
    ('call', 'fund'),
    ('application', 'fund'),
    ('decision', 'fund'),
    ('commitment', 'fund'),
    ('tranche', 'fund'),
    ('commitmentshare', 'fund'),
    ('commitmentcancellation', 'fund'),
    ('recoupmentreceipt', 'fund'),
    ('enterpriseholding', 'fund'),
    ('enterpriseinstrument', 'fund'),
    ('enterprisemovement', 'fund'),
    ('enterprisesectoroutstanding', 'fund'),
    ('shootingfile', 'fund'),
]


def content_types_to_apps(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED:
        ContentType.objects.filter(app_label="core", model=model).update(app_label=app)


def content_types_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED:
        ContentType.objects.filter(app_label=app, model=model).update(app_label="core")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0001_initial'),
        ('contribution', '0002_initial'),
        ('investments', '0002_initial'),
        ('production', '0002_initial'),
        ('ledger', '0002_initial'),
        ('fund', '0002_initial'),
        ('core', '0007_supplier_ownership'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='expense',
                name='account',
            ),
            migrations.RemoveField(
                model_name='budgetline',
                name='account',
            ),
            migrations.RemoveField(
                model_name='purchaseorder',
                name='account',
            ),
            migrations.RemoveField(
                model_name='application',
                name='analyst',
            ),
            migrations.RemoveField(
                model_name='application',
                name='applicant',
            ),
            migrations.RemoveField(
                model_name='application',
                name='call',
            ),
            migrations.RemoveField(
                model_name='application',
                name='work',
            ),
            migrations.RemoveField(
                model_name='commitment',
                name='application',
            ),
            migrations.RemoveField(
                model_name='decision',
                name='application',
            ),
            migrations.RemoveField(
                model_name='attachment',
                name='investment',
            ),
            migrations.RemoveField(
                model_name='attachment',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='attachment',
                name='uploaded_by',
            ),
            migrations.RemoveField(
                model_name='auditentry',
                name='actor',
            ),
            migrations.RemoveField(
                model_name='auditentry',
                name='content_type',
            ),
            migrations.RemoveField(
                model_name='budgetline',
                name='version',
            ),
            migrations.RemoveField(
                model_name='budgetversion',
                name='project',
            ),
            migrations.RemoveField(
                model_name='call',
                name='funding_line',
            ),
            migrations.RemoveField(
                model_name='columnmapping',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='ledgerimport',
                name='mapping',
            ),
            migrations.RemoveField(
                model_name='financingsource',
                name='commitment',
            ),
            migrations.RemoveField(
                model_name='tranche',
                name='commitment',
            ),
            migrations.RemoveField(
                model_name='recoupmentreceipt',
                name='commitment',
            ),
            migrations.RemoveField(
                model_name='commitmentcancellation',
                name='commitment',
            ),
            migrations.RemoveField(
                model_name='commitmentshare',
                name='commitment',
            ),
            migrations.RemoveField(
                model_name='commitmentcancellation',
                name='cancelled_by',
            ),
            migrations.RemoveField(
                model_name='committeemeeting',
                name='editor',
            ),
            migrations.RemoveField(
                model_name='company',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='enterpriseholding',
                name='company',
            ),
            migrations.RemoveField(
                model_name='ledgerbucket',
                name='supplier',
            ),
            migrations.RemoveField(
                model_name='independenceassessment',
                name='company',
            ),
            migrations.RemoveField(
                model_name='investment',
                name='producer',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='supplier',
            ),
            migrations.RemoveField(
                model_name='organisation',
                name='company',
            ),
            migrations.RemoveField(
                model_name='suppliercorrection',
                name='company',
            ),
            migrations.RemoveField(
                model_name='coproductionshare',
                name='company',
            ),
            migrations.RemoveField(
                model_name='purchaseorder',
                name='supplier',
            ),
            migrations.RemoveField(
                model_name='financingsource',
                name='financier_company',
            ),
            migrations.RemoveField(
                model_name='work',
                name='producer',
            ),
            migrations.RemoveField(
                model_name='ledgerbucket',
                name='employer',
            ),
            migrations.RemoveField(
                model_name='coproductionshare',
                name='project',
            ),
            migrations.RemoveField(
                model_name='credit',
                name='person',
            ),
            migrations.RemoveField(
                model_name='credit',
                name='work',
            ),
            migrations.RemoveField(
                model_name='work',
                name='people',
            ),
            migrations.RemoveField(
                model_name='decision',
                name='decided_by',
            ),
            migrations.RemoveField(
                model_name='editorprofile',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='service',
                name='editor',
            ),
            migrations.RemoveField(
                model_name='investment',
                name='editor',
            ),
            migrations.RemoveField(
                model_name='obligationyear',
                name='editor',
            ),
            migrations.RemoveField(
                model_name='enterpriseholding',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='enterpriseinstrument',
                name='holding',
            ),
            migrations.RemoveField(
                model_name='enterprisemovement',
                name='instrument',
            ),
            migrations.RemoveField(
                model_name='enterprisesectoroutstanding',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='employee',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='ledger_import',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='project',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='purchase_order',
            ),
            migrations.RemoveField(
                model_name='expense',
                name='work',
            ),
            migrations.RemoveField(
                model_name='spilloverproof',
                name='expense',
            ),
            migrations.RemoveField(
                model_name='financingsource',
                name='financier',
            ),
            migrations.RemoveField(
                model_name='financingsource',
                name='investment',
            ),
            migrations.RemoveField(
                model_name='financingsource',
                name='project',
            ),
            migrations.RemoveField(
                model_name='financingtranche',
                name='source',
            ),
            migrations.RemoveField(
                model_name='fringerate',
                name='project',
            ),
            migrations.RemoveField(
                model_name='fundingline',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='fundinglineenvelope',
                name='funding_line',
            ),
            migrations.RemoveField(
                model_name='independenceturnover',
                name='assessment',
            ),
            migrations.RemoveField(
                model_name='independenceshareholder',
                name='assessment',
            ),
            migrations.RemoveField(
                model_name='investment',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='investment',
                name='reassigned_from',
            ),
            migrations.RemoveField(
                model_name='investment',
                name='work',
            ),
            migrations.RemoveField(
                model_name='spilloverproof',
                name='investment',
            ),
            migrations.RemoveField(
                model_name='ledgerbucket',
                name='project',
            ),
            migrations.RemoveField(
                model_name='ledgerimport',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='ledgerimport',
                name='project',
            ),
            migrations.RemoveField(
                model_name='membership',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='membership',
                name='user',
            ),
            migrations.RemoveField(
                model_name='serviceyearfacts',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='question',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='turnoverdeclaration',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='payment',
                name='obligation',
            ),
            migrations.RemoveField(
                model_name='project',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='shootingfile',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='person',
                name='owner',
            ),
            migrations.RemoveField(
                model_name='suppliercorrection',
                name='organisation',
            ),
            migrations.RemoveField(
                model_name='project',
                name='work',
            ),
            migrations.RemoveField(
                model_name='purchaseorder',
                name='project',
            ),
            migrations.RemoveField(
                model_name='question',
                name='answered_by',
            ),
            migrations.RemoveField(
                model_name='question',
                name='asked_by',
            ),
            migrations.RemoveField(
                model_name='turnoverline',
                name='service',
            ),
            migrations.RemoveField(
                model_name='serviceyearfacts',
                name='service',
            ),
            migrations.RemoveField(
                model_name='suppliercorrection',
                name='decided_by',
            ),
            migrations.RemoveField(
                model_name='suppliercorrection',
                name='proposed_by',
            ),
            migrations.RemoveField(
                model_name='tranche',
                name='released_by',
            ),
            migrations.RemoveField(
                model_name='turnoverline',
                name='declaration',
            ),
            migrations.DeleteModel(
                name='Account',
            ),
            migrations.DeleteModel(
                name='Application',
            ),
            migrations.DeleteModel(
                name='Attachment',
            ),
            migrations.DeleteModel(
                name='AuditEntry',
            ),
            migrations.DeleteModel(
                name='BudgetLine',
            ),
            migrations.DeleteModel(
                name='BudgetVersion',
            ),
            migrations.DeleteModel(
                name='Call',
            ),
            migrations.DeleteModel(
                name='ColumnMapping',
            ),
            migrations.DeleteModel(
                name='RecoupmentReceipt',
            ),
            migrations.DeleteModel(
                name='Commitment',
            ),
            migrations.DeleteModel(
                name='CommitmentShare',
            ),
            migrations.DeleteModel(
                name='CommitmentCancellation',
            ),
            migrations.DeleteModel(
                name='CommitteeMeeting',
            ),
            migrations.DeleteModel(
                name='Company',
            ),
            migrations.DeleteModel(
                name='CoproductionShare',
            ),
            migrations.DeleteModel(
                name='Credit',
            ),
            migrations.DeleteModel(
                name='Decision',
            ),
            migrations.DeleteModel(
                name='EditorProfile',
            ),
            migrations.DeleteModel(
                name='EnterpriseHolding',
            ),
            migrations.DeleteModel(
                name='EnterpriseInstrument',
            ),
            migrations.DeleteModel(
                name='EnterpriseMovement',
            ),
            migrations.DeleteModel(
                name='EnterpriseSectorOutstanding',
            ),
            migrations.DeleteModel(
                name='Expense',
            ),
            migrations.DeleteModel(
                name='FinancingSource',
            ),
            migrations.DeleteModel(
                name='FinancingTranche',
            ),
            migrations.DeleteModel(
                name='FringeRate',
            ),
            migrations.DeleteModel(
                name='FundingLine',
            ),
            migrations.DeleteModel(
                name='FundingLineEnvelope',
            ),
            migrations.DeleteModel(
                name='IndependenceTurnover',
            ),
            migrations.DeleteModel(
                name='IndependenceAssessment',
            ),
            migrations.DeleteModel(
                name='IndependenceShareholder',
            ),
            migrations.DeleteModel(
                name='Investment',
            ),
            migrations.DeleteModel(
                name='SpilloverProof',
            ),
            migrations.DeleteModel(
                name='LedgerBucket',
            ),
            migrations.DeleteModel(
                name='LedgerImport',
            ),
            migrations.DeleteModel(
                name='Membership',
            ),
            migrations.DeleteModel(
                name='ObligationYear',
            ),
            migrations.DeleteModel(
                name='Payment',
            ),
            migrations.DeleteModel(
                name='ShootingFile',
            ),
            migrations.DeleteModel(
                name='Person',
            ),
            migrations.DeleteModel(
                name='Organisation',
            ),
            migrations.DeleteModel(
                name='Work',
            ),
            migrations.DeleteModel(
                name='Project',
            ),
            migrations.DeleteModel(
                name='PurchaseOrder',
            ),
            migrations.DeleteModel(
                name='Question',
            ),
            migrations.DeleteModel(
                name='Service',
            ),
            migrations.DeleteModel(
                name='ServiceYearFacts',
            ),
            migrations.DeleteModel(
                name='SupplierCorrection',
            ),
            migrations.DeleteModel(
                name='Tranche',
            ),
            migrations.DeleteModel(
                name='TurnoverDeclaration',
            ),
            migrations.DeleteModel(
                name='TurnoverLine',
            ),
        ]),
        migrations.RunPython(content_types_to_apps, content_types_to_core),
    ]
