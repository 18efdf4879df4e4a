// The verifier's codes (verify.js) written out in English and Chinese: the one wording of its results, for every
// page that shows them (verify-view.js renders them into the portal's pages and the standalone verifier). Each text
// is [English, Chinese, ...facts]: a fact is 'text:name', 'number:name' or 'date:name' of the check's args, or
// 'label' / 'what' (the value named by the check's 'label' or 'what' arg, from the tables below). An unknown code
// shows as itself, so a new check is visible, if terse, before it is worded here.

// A check's title, by its title code.
const titles = {
  "ledger-key": ["Ledger key", "账本密钥"],
  "checkpoint-signature": ["Checkpoint signature", "检查点签名"],
  "entry-content": ["Entry {0}: content", "条目 {0} 的内容", "text:index"],
  "entry-included": ["Entry {0}: in the signed ledger", "条目 {0} 位于已签名账本中", "text:index"],
  "saved-checkpoint-signature": ["Saved checkpoint signature", "已保存检查点的签名"],
  "current-checkpoint-signature": ["Current checkpoint signature", "当前检查点的签名"],
  "same-log": ["Same log", "同一账本"],
  "block-checkpoint": ["Block {0}: checkpoint", "区块 {0}：检查点", "text:height"],
  "block-entries": ["Block {0}: entries", "区块 {0}：条目", "text:height"],
  "append-only": ["Append-only", "只增不改"],
  "history": ["History this browser saw", "本浏览器见过的历史"],
  "shown": ["What this page shows", "此页面显示的内容"],
  "timeline": ["Steps of the request", "申请的各个步骤"],
  "witnesses": ["Independent witnesses", "独立见证方"],
  "witness-policy": ["Witness policy", "见证策略"],
  "receipt-feedback": ["The entry is the feedback", "该条目即此反馈"],
  "receipt-text": ["The text you sent", "您发送的文字"],
  "receipt-checkpoint": ["Receipt checkpoint signature", "回执检查点的签名"],
  "stopped": ["Verification stopped", "验证中止"],
  "could-not-run": ["Verification could not run", "无法运行验证"],
};

// A check's detail, by its detail code.
const details = {
  "key-first-seen": ["Key {0} (ID {1}) seen for the first time; this browser will remember it.", "首次见到密钥 {0}（ID {1}），本浏览器将记住它。", "text:name", "text:id"],
  "key-same": ["Same key {0} (ID {1}) this browser has trusted since {2}.", "与本浏览器自 {2} 起信任的密钥 {0}（ID {1}）一致。", "text:name", "text:id", "date:since"],
  "key-changed": ["The published key changed since {0}: the ledger now signs with another key.", "公布的密钥自 {0} 以来已变更：账本现在使用另一个密钥签名。", "date:since"],
  "key-rotated": ["The ledger rotated its key: entry {0}, signed with the key this browser trusted since {1}, names the new key {2} (ID {3}), and today's ledger extends the one that recorded it. This browser now trusts the new key.", "账本已轮换密钥：第 {0} 条记录由本浏览器自 {1} 起信任的密钥签名，指明新密钥 {2}（ID {3}），且今天的账本延续了记录此事的账本。本浏览器现在信任新密钥。", "text:index", "date:since", "text:name", "text:id"],
  "saved-key-rotated": ["The saved checkpoint was signed by an earlier key; entry {0}, signed by that key, rotated it to today's key (ID {1}), and today's ledger extends the one that recorded it.", "保存的检查点由较早的密钥签名；由该密钥签名的第 {0} 条记录将其轮换为今天的密钥（ID {1}），且今天的账本延续了记录此事的账本。", "text:index", "text:id"],
  "rotation-not-recorded": ["Entry {0}, listed as a key rotation, is not one.", "第 {0} 条记录被列为密钥轮换，但并不是。", "text:index"],
  "rotation-not-signed": ["The checkpoint that should record key rotation {0} is not signed by the key this browser trusted.", "应记录密钥轮换 {0} 的检查点不是由本浏览器信任的密钥签名的。", "text:index"],
  "rotation-not-included": ["Key rotation entry {0} is not in the checkpoint that should hold it.", "密钥轮换记录 {0} 不在应包含它的检查点中。", "text:index"],
  "rotation-not-append-only": ["The ledger after key rotation {0} does not extend the ledger that recorded it.", "密钥轮换 {0} 之后的账本没有延续记录此轮换的账本。", "text:index"],
  "leaf-malformed": ["An entry's leaf data is not in the ledger's format.", "某条记录的叶数据不符合账本格式。"],
  "checkpoint-signed": ["Ed25519 signature over \"{0}\", tree size {1}, root {2}….", "对“{0}”的 Ed25519 签名，树大小 {1}，根 {2}…。", "text:origin", "number:size", "text:root"],
  "checkpoint-signature-invalid": ["The checkpoint's signature does not verify with the published key.", "检查点的签名无法通过公布的公钥验证。"],
  "block-linked": ["Block {0} follows the last block shown, linked by its hash.", "区块 {0} 紧接上一个已显示的区块，并由其哈希相连。", "text:height"],
  "block-not-linked": ["Block {0} does not follow the last block shown: wrong height, hash link or entry count.", "区块 {0} 未紧接上一个已显示的区块：高度、哈希链接或条目数不符。", "text:height"],
  "block-hash-computed": ["SHA-256 of block {0}'s header = its hash {1}….", "区块 {0} 头部的 SHA-256 = 其哈希 {1}…。", "text:height", "text:hash"],
  "block-hash-mismatch": ["Block {0}'s hash is not the SHA-256 of its header: the block was altered.", "区块 {0} 的哈希不是其头部的 SHA-256：该区块已被改动。", "text:height"],
  "checkpoint-names-block": ["The signed checkpoint is of this block's tree ({0} entries).", "已签名检查点对应本区块的树（{0} 个条目）。", "number:size"],
  "checkpoint-not-block": ["The signed checkpoint is not of this block's tree ({0} entries).", "已签名检查点与本区块的树（{0} 个条目）不符。", "number:size"],
  "entries-fill-tree": ["The {0} entries, decoded here from their leaf data, are exactly the leaves {1} to {2} of the signed tree.", "这 {0} 个条目（在此由其叶数据解码）恰好是已签名树的第 {1} 至 {2} 个叶。", "number:count", "number:from", "number:to"],
  "entries-not-leaves": ["The block's entries are not the leaves its signed tree added: an entry was altered, added or left out.", "该区块的条目不是其已签名树新增的叶：有条目被改动、添加或遗漏。"],
  "range-not-previous-root": ["The previous tree's compact range does not hash to the root this page verified ({0} entries).", "上一棵树的紧凑范围的哈希与本页已验证的根（{0} 个条目）不符。", "number:size"],
  "range-wrong-length": ["The previous tree's compact range has {0} hashes; a tree of {1} entries has {2}.", "上一棵树的紧凑范围有 {0} 个哈希；{1} 个条目的树应有 {2} 个。", "number:count", "number:size", "number:expected"],
  "entries-not-after-previous": ["Block {0}'s entries start at index {1}, but the last tree this page verified has {2} entries.", "区块 {0} 的条目从索引 {1} 开始，但本页最后验证的树有 {2} 个条目。", "text:height", "number:from", "number:verified"],
  "entry-not-next": ["Entry {0} is not the next leaf of the tree (expected {1}).", "条目 {0} 不是树的下一个叶（应为 {1}）。", "text:index", "text:expected"],
  "streamed-entry-differs": ["Entry {0}'s {1} is sent as \"{2}\", but its leaf records \"{3}\".", "条目 {0} 的 {1} 发送为“{2}”，但其叶记录的是“{3}”。", "text:index", "text:field", "text:shown", "text:recorded"],
  "leaf-hash-computed": ["SHA-256(0x00 ‖ entry) = {0}… ({1})", "SHA-256(0x00 ‖ 条目) = {0}…（{1}）", "text:hash", "text:kind"],
  "proof-leads-to-root": ["{0} proof hashes lead to the checkpoint's root.", "{0} 个证明哈希可推导出检查点的根。", "number:count"],
  "saved-signed": ["Signed by {0} (key ID {1}): tree size {2}, root {3}….", "由 {0} 签名（密钥 ID {1}）：树大小 {2}，根 {3}…。", "text:name", "text:id", "number:size", "text:root"],
  "saved-signature-invalid": ["The signature does not match this text: the checkpoint was altered, or signed by another key than {0}.", "签名与此文本不符：检查点已被修改，或并非由 {0} 的密钥签名。", "text:name"],
  "current-signed": ["Tree size {0}, root {1}….", "树大小 {0}，根 {1}…。", "number:size", "text:root"],
  "same-origin": ["Origin \"{0}\".", "来源“{0}”。", "text:origin"],
  "other-origin": ["The saved checkpoint is of \"{0}\", today's of \"{1}\".", "已保存的检查点来自“{0}”，今天的来自“{1}”。", "text:origin", "text:current"],
  "log-truncated": ["The saved checkpoint has {0} entries, the log only {1}: the log was truncated or rolled back.", "已保存的检查点有 {0} 个条目，而账本仅有 {1} 个：账本已被截断或回滚。", "number:saved", "number:current"],
  "nothing-checked": ["This page names no ledger entry to check, so nothing it shows can be verified.", "此页面没有列出可核验的账本条目，因此其显示的内容都无法核验。"],
  "shown-match": ["{0} values shown on this page equal what the signed entries record.", "此页面显示的 {0} 个数值与已签名条目的记录一致。", "number:count"],
  "shown-differs": ["{0} is shown as \"{1}\", but entry {2} records \"{3}\".", "{0}显示为“{1}”，但条目 {2} 记录的是“{3}”。", "label", "text:shown", "text:index", "text:recorded"],
  "shown-not-committed": ["{0} is shown as \"{1}\", but that text does not open the commitment entry {2} records: it is not the text that was sent.", "{0}显示为“{1}”，但该文字无法打开条目 {2} 记录的承诺值：它不是当初发送的文字。", "label", "text:shown", "text:index"],
  "receipt-is-feedback": ["Entry {0} records feedback {1}, sent {2}.", "条目 {0} 记录了反馈 {1}，发送于 {2}。", "text:index", "text:feedback", "text:time"],
  "receipt-not-feedback": ["Entry {0} is a {1} entry, not the submission of feedback {2}.", "条目 {0} 是 {1} 条目，而非反馈 {2} 的提交。", "text:index", "text:kind", "text:feedback"],
  "text-opens-commitment": ["The text and salt in the receipt recompute the commitment entry {0} holds: this is the text that was sent.", "回执中的文字与盐值可重新算出条目 {0} 所含的承诺值：这正是当初发送的文字。", "text:index"],
  "text-does-not-open": ["The text and salt in the receipt do not recompute the commitment entry {0} holds: the text was changed.", "回执中的文字与盐值无法重新算出条目 {0} 所含的承诺值：文字已被改动。", "text:index"],
  "receipt-malformed": ["This is not a feedback receipt: it lacks the fields the portal's receipt has.", "这不是反馈回执：它缺少门户回执应有的字段。"],
  "shown-not-checked": ["{0} comes from entry {1}, which was not proven here.", "{0}来自条目 {1}，但该条目未在此处得到证明。", "label", "text:index"],
  "sum-differs": ["{0} is shown as {1}, but the signed entries add up to {2}.", "{0}显示为 {1}，但已签名条目合计为 {2}。", "label", "text:shown", "text:recorded"],
  "timeline-complete": ["The {0} checked entries of request {1} form an unbroken chain from its filing: no step between them is missing.", "申请 {1} 的 {0} 个已核验条目自提交起构成一条完整的链：其间没有缺失任何步骤。", "number:count", "text:request"],
  "timeline-no-filing": ["The first checked entry ({0}) is not the filing of request {1}.", "第一个核验的条目（{0}）不是申请 {1} 的提交记录。", "text:index", "text:request"],
  "timeline-other-request": ["Entry {0} is not a step of request {1}.", "条目 {0} 不是申请 {1} 的步骤。", "text:index", "text:request"],
  "timeline-unlinked": ["Entry {0} does not name the step before it, so a missing step cannot be ruled out.", "条目 {0} 没有注明其前一步骤，因此无法排除缺失步骤的可能。", "text:index"],
  "timeline-step-missing": ["Entry {0} follows entry {1}, but this page shows entry {2} before it: a step is missing.", "条目 {0} 接续条目 {1}，但此页面在其之前显示的是条目 {2}：缺失了一个步骤。", "text:index", "text:previous", "text:shown"],
  "history-extends": ["Today's ledger ({0} entries) extends the one this browser verified on {1} ({2} entries).", "今天的账本（{0} 条记录）是本浏览器于 {1} 核验的账本（{2} 条记录）的延续。", "number:current", "date:since", "number:seen"],
  "history-same": ["Today's ledger is the one this browser verified on {0} ({1} entries).", "今天的账本与本浏览器于 {0} 核验的账本相同（{1} 条记录）。", "date:since", "number:seen"],
  "history-rewritten": ["This ledger rewrote history that this browser saw on {0}: the ledger of {1} entries verified then is not the start of today's ({2} entries). Keep both checkpoints as evidence.", "此账本改写了本浏览器于 {0} 见过的历史：当时核验的 {1} 条记录的账本并不是今天账本（{2} 条记录）的开头。请保存两个检查点作为证据。", "date:since", "number:seen", "number:current"],
  "nothing-appended": ["Nothing was appended since; the roots must be, and are, identical.", "此后没有追加任何条目；两个根应当相同，且确实相同。"],
  "consistency-proven": ["{0} proof hashes show the {1} entries you saved are unchanged at the start of today's {2}.", "{0} 个证明哈希表明，您保存时的 {1} 个条目仍原样位于今天 {2} 个条目的开头。", "number:count", "number:saved", "number:current"],
  "not-hex": ["{0} is not hexadecimal.", "{0}不是十六进制。", "what"],
  "not-base64": ["{0} is not base64.", "{0}不是 Base64 编码。", "what"],
  "wrong-hash-length": ["{0} has {1} bytes; SHA-256 hashes have 32.", "{0}长 {1} 字节；SHA-256 哈希应为 32 字节。", "what", "number:length"],
  "index-outside-tree": ["Index {0} is outside a tree of {1} leaves.", "序号 {0} 超出了包含 {1} 个叶子的树。", "text:index", "number:size"],
  "inclusion-proof-too-long": ["The inclusion proof is longer than the tree allows.", "包含性证明长于该树所允许的长度。"],
  "inclusion-proof-too-short": ["The inclusion proof is shorter than the tree requires.", "包含性证明短于该树所要求的长度。"],
  "no-consistency-proof": ["No consistency proof exists from size {0} to size {1}.", "不存在从大小 {0} 到大小 {1} 的一致性证明。", "number:from", "number:to"],
  "equal-sizes-proof-not-empty": ["A proof between equal sizes must be empty.", "大小相同时，证明必须为空。"],
  "consistency-proof-empty": ["The consistency proof is empty.", "一致性证明为空。"],
  "consistency-proof-too-long": ["The consistency proof is longer than the trees allow.", "一致性证明长于这两棵树所允许的长度。"],
  "consistency-proof-too-short": ["The consistency proof is shorter than the trees require.", "一致性证明短于这两棵树所要求的长度。"],
  "key-malformed": ["The public key is not name+keyid+key.", "公钥不符合“名称+密钥ID+密钥”格式。"],
  "key-not-ed25519": ["The public key is not an Ed25519 key.", "公钥不是 Ed25519 密钥。"],
  "key-id-mismatch": ["The public key does not match its key ID.", "公钥与其密钥 ID 不符。"],
  "not-signed-note": ["The checkpoint is not a signed note.", "检查点不是已签名的记录。"],
  "tree-size-not-number": ["The checkpoint tree size is not a number.", "检查点的树大小不是数字。"],
  "size-too-large": ["{0} is {1}, too large to check exactly in a browser.", "{0}为 {1}，过大，浏览器无法精确核验。", "what", "text:value"],
  "origin-not-key-name": ["The checkpoint is of the log \"{0}\", not of \"{1}\" whose key signs here.", "该检查点属于账本“{0}”，而非此处签名密钥所属的“{1}”。", "text:origin", "text:name"],
  "rotation-to-itself": ["Entry {0} records a key rotation from a key to itself.", "条目 {0} 记录了一次从某密钥轮换到其自身的密钥轮换。", "text:index"],
  "signature-line-malformed": ["A signature line is malformed.", "有一行签名格式错误。"],
  "no-signature-by-key": ["The checkpoint carries no signature by {0} with key ID {1}.", "检查点上没有 {0} 使用密钥 ID {1} 的签名。", "text:name", "text:id"],
  "signature-not-64-bytes": ["The Ed25519 signature is not 64 bytes.", "Ed25519 签名长度不是 64 字节。"],
  "ed25519-unsupported": ["This browser cannot check Ed25519 signatures (WebCrypto Ed25519 is missing).", "此浏览器无法验证 Ed25519 签名（缺少 WebCrypto Ed25519 支持）。"],
  "http-error": ["{0} answered {1}.", "{0} 返回了 {1}。", "text:url", "text:status"],
  "portal-unreachable": ["{0} could not be reached (the portal is down, the address is wrong, or it does not allow this page to read it).", "无法访问 {0}（门户已停止运行、地址有误，或不允许本页读取）。", "text:url"],
  "portal-url-invalid": ["\"{0}\" is not a portal address (http:// or https://).", "“{0}”不是门户地址（应为 http:// 或 https://）。", "text:url"],
  "no-witnesses": ["This portal names no witnesses: only its own key vouches for this checkpoint, so a split view (another history shown to other readers) cannot be ruled out.", "本门户未指定见证方：只有它自己的密钥为该检查点担保，因此无法排除分叉视图（向其他读者展示另一段历史）。"],
  "witnessed": ["Witnessed by {0} of {1} witnesses: the quorum of the portal's witness policy cosigned this checkpoint.", "{1} 个见证方中有 {0} 个见证：门户见证策略要求的法定数已联署该检查点。", "number:count", "number:total"],
  "witness-quorum-not-met": ["Witnessed by {0} of {1} witnesses: fewer than the policy's quorum have cosigned this checkpoint so far, so a split view cannot be ruled out.", "{1} 个见证方中有 {0} 个见证：联署该检查点的见证方尚未达到策略规定的法定数，因此无法排除分叉视图。", "number:count", "number:total"],
  "witness-cosignature-invalid": ["The cosignature by witness {0} does not verify: the checkpoint or its cosignature was altered.", "见证方 {0} 的联署签名无法验证：检查点或其联署签名已被改动。", "text:name"],
  "policy-first-seen": ["Witness policy seen for the first time; it is the last one the ledger records (entry {0}), and this browser will remember it.", "首次见到见证策略；它是账本记录的最新策略（第 {0} 条记录），本浏览器将记住它。", "text:index"],
  "policy-same": ["Same witness policy this browser has known since {0}.", "与本浏览器自 {0} 起所知的见证策略一致。", "date:since"],
  "policy-changed-recorded": ["The witness policy changed since this browser last saw it; the ledger records the change (entry {0}) after the policy this browser knew, and this browser now remembers the new one.", "见证策略自本浏览器上次见到后已变更；账本在本浏览器所知的策略之后记录了此变更（第 {0} 条记录），本浏览器现在记住新策略。", "text:index"],
  "policy-changed": ["The witness policy changed since {0}, and the ledger records no change from the policy this browser knew: this portal may be showing you other witnesses than it shows others.", "见证策略自 {0} 以来已变更，而账本中没有从本浏览器所知策略变更的记录：本门户向您展示的见证方可能与向他人展示的不同。", "date:since"],
  "policy-not-recorded": ["The portal serves a witness policy that is not the last one its ledger records: it may be showing you other witnesses than it shows others.", "门户提供的见证策略不是其账本记录的最新策略：它向您展示的见证方可能与向他人展示的不同。"],
  "policy-entry-not-recorded": ["The portal lists entry {0} as a witness policy, but that entry records something else.", "门户将第 {0} 条记录列为见证策略，但该记录的内容并非如此。", "text:index"],
  "policy-entry-not-included": ["Witness policy entry {0} is not in the signed ledger.", "见证策略记录 {0} 不在已签名账本中。", "text:index"],
  "policy-malformed": ["The witness policy has a line this browser cannot read: \"{0}\".", "见证策略中有本浏览器无法读取的一行：“{0}”。", "text:line"],
  "unexpected": ["Unexpected error: {0}", "意外错误：{0}", "text:message"],
};

// The value a message is about ('what' of not-hex, not-base64, wrong-hash-length, size-too-large).
const whats = {
  "key-id": ["The key ID", "密钥标识"],
  "public-key": ["The public key", "公钥"],
  "signature": ["A signature", "签名"],
  "root-hash": ["The root hash", "根哈希"],
  "leaf-data": ["The leaf data", "叶数据"],
  "leaf-hash": ["The leaf hash", "叶哈希"],
  "proof-hash": { if: "position", then: ["Proof hash {0}", "第 {0} 个证明哈希", "text:position"], else: ["A proof hash", "证明哈希"] },
  "first-root": ["The first root", "第一个根"],
  "second-root": ["The second root", "第二个根"],
  "block-hash": ["The block hash", "区块哈希"],
  "previous-hash": ["The previous block's hash", "上一区块的哈希"],
  "range-hash": { if: "position", then: ["Compact range hash {0}", "紧凑范围哈希 {0}", "text:position"], else: ["A compact range hash", "一个紧凑范围哈希"] },
  "index": ["The index", "索引"],
  "tree-size": ["The tree size", "树大小"],
};

// The value of a page a 'shown' check is about ('label').
const labels = {
  "amount-paid": ["The amount paid", "支付金额"],
  "paid-at": ["The payment time", "支付时间"],
  "record-number": ["The record number", "记录编号"],
  "request-number": ["The request number", "申请编号"],
  "payee": ["The payee", "收款人"],
  "payee-type": ["The payee type", "收款人类型"],
  "payee-commitment": ["The commitment to the payee's name", "收款人姓名的承诺值"],
  "fund": ["The fund", "资金"],
  "program": ["The program", "项目"],
  "region": ["The region", "地区"],
  "department": ["The department", "部门"],
  "purpose": ["The purpose", "用途"],
  "beneficiaries": ["The number of beneficiaries", "受益人数"],
  "amount-requested": ["The amount requested", "申请金额"],
  "step-kind": ["A step's kind", "某一步骤的类型"],
  "step-time": ["A step's time", "某一步骤的时间"],
  "step-amount": ["A step's amount", "某一步骤的金额"],
  "paid-on-request": ["The amount paid on the request", "该申请的已支付金额"],
  "reported-used": ["The amount reported used", "报告已使用的金额"],
  "returned": ["The amount returned", "退回金额"],
  "fund-name": ["The fund's name", "资金名称"],
  "region-name": ["The region's name", "地区名称"],
  "region-name-en": ["The region's English name", "地区英文名称"],
  "program-name": ["The program's name", "项目名称"],
  "program-name-en": ["The program's English name", "项目英文名称"],
  "department-name": ["The department's name", "部门名称"],
  "entry-kind": ["The entry's kind", "条目类型"],
  "entry-actor": ["The entry's actor", "条目操作者"],
  "entry-time": ["The entry's time", "条目时间"],
  "entry-payload": ["The entry's payload", "条目内容"],
  "feedback-kind": ["A feedback's kind", "反馈类型"],
  "feedback-category": ["A complaint's category", "投诉类别"],
  "feedback-time": ["A feedback's time", "反馈时间"],
  "feedback-text": ["A feedback's text", "反馈文字"],
  "feedback-answer": ["A department's answer", "部门答复"],
  "feedback-answer-time": ["An answer's time", "答复时间"],
  "feedback-escalation": ["A supervisor's escalation", "监督人员的升级处理"],
  "feedback-outcome": ["A feedback's outcome", "反馈处理结果"],
  "feedback-closing-note": ["A closing note", "结案说明"],
  "feedback-hidden-role": ["Who hid a feedback", "隐藏反馈者"],
  "feedback-hidden-reason": ["Why a feedback was hidden", "隐藏反馈的原因"],
  "feedback-hidden-time": ["When a feedback was hidden", "反馈隐藏时间"],
};

const languageOf = lang => (String(lang ?? '').toLowerCase().startsWith('zh') ? 1 : 0);

function fact(spec, args, lang) {
  if (spec === 'label') return pick(labels, args.label, args, lang) ?? String(args.label ?? '');
  if (spec === 'what') return pick(whats, args.what, args, lang) ?? String(args.what ?? '');
  const [kind, name] = spec.split(':');
  const value = args[name];
  if (value === undefined || value === null) return '';
  if (kind === 'number' && /^\d+$/.test(String(value))) return new Intl.NumberFormat(lang).format(Number(value));
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function pick(table, code, args, lang) {
  let text = Object.hasOwn(table, code) ? table[code] : undefined;
  if (text === undefined) return undefined;
  if (!Array.isArray(text)) text = args[text.if] !== undefined ? text.then : text.else;
  const [template, ...facts] = [text[languageOf(lang)], ...text.slice(2)];
  // A placeholder with no fact named is left for the caller (a count it fills in itself).
  return template.replace(/\{(\d+)\}/g, (whole, i) => (facts[Number(i)] === undefined ? whole : fact(facts[Number(i)], args, lang)));
}

// A check ({ ok, title, detail, args }) as the two sentences a page shows, in 'lang' (a BCP 47 tag; Chinese for
// 'zh…', else English).
export function describe(check, lang) {
  const args = check.args ?? {};
  return {
    title: pick(titles, check.title, args, lang) ?? check.title,
    detail: pick(details, check.detail, args, lang) ?? check.detail,
  };
}

// The verifier's own words around the checks: its default verdicts and the evidence downloads.
const ui = {
  "passed": ["All {0} checks passed in this browser.", "全部 {0} 项检查均在本浏览器中通过。"],
  "failed": ["Verification FAILED: {0} checks did not pass.", "验证失败：有 {0} 项检查未通过。"],
  "separator": [": ", "："],
  "download-seen": ["Download the checkpoint seen on {0}", "下载 {0} 见到的检查点", "date:since"],
  "download-today": ["Download today's checkpoint", "下载今天的检查点"],
};

// One of the verifier's own texts, in 'lang', with the facts its placeholders name.
export const uiText = (code, lang, args = {}) => pick(ui, code, args, lang) ?? code;

// The name of a value a page shows (a 'shown' check's label code), in 'lang'.
export const labelOf = (code, lang) => pick(labels, code, {}, lang) ?? code;
