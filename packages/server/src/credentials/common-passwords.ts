// Passwords (and password stems) that lead every published breach corpus and every guessing
// dictionary. password-strength.ts compares a candidate lower-cased and with leading/trailing digits
// and symbols stripped, so "Password123!" and "1qwerty" are caught through their stems here.
// Short stems are listed on purpose: on their own they already fail the 8-character minimum.
// One word per entry, separated by white space.
const WORDS = `
  password passw0rd p@ssword p@ssw0rd pa55word passwort motdepasse contrasena senha parola
  wachtwoord salasana haslo qwerty qwertyuiop qwertyui qwertz azerty asdfgh asdfghjkl zxcvbn
  zxcvbnm qazwsx qazwsxedc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t q1w2e3r4 q1w2e3r4t5 zaq12wsx qweasd
  qweasdzxc asdasd asdf1234 abcd1234 abc123 a1b2c3 a1b2c3d4 aa123456 iloveyou iloveu loveyou
  lovely letmein welcome welcome1 admin administrator root toor changeme default secret master
  access login guest test testing tester user demo temp temporary sample example monkey dragon
  shadow sunshine princess football baseball basketball soccer hockey superman batman spiderman
  starwars pokemon naruto michael jennifer jordan michelle daniel charlie thomas jessica ashley
  hannah andrew joshua matthew robert william nicole hunter ranger harley ginger buster pepper
  cookie chocolate summer winter autumn spring freedom whatever trustno1 hello hellohello
  helloworld computer internet samsung google apple microsoft windows linux facebook twitter
  youtube linkedin yahoo hotmail gmail outlook mustang ferrari porsche corvette mercedes killer
  hacker matrix maverick phoenix thunder tigger taylor cheese banana orange purple silver golden
  diamond flower butterfly angel angels babygirl lovers family forever friends blink182 liverpool
  chelsea arsenal barcelona realmadrid manchester yankees cowboys eagles steelers lakers
  mypassword mypass nopassword newpassword yourpassword passpass pass pass1234 letmein1 abcdef
  abcdefg abcdefgh abcdefghi abcdefghij alphabet aaaaaa qqqqqq zzzzzz xxxxxx asdfasdf qwerqwer
  qwertyqwerty zaq1zaq1 princess1 sunshine1 iloveyou1 monkey1 dragon1 baseball1 football1
  superstar rockstar gateway security secure private system server database office company
  business manager support service online onlyme letmeinnow opensesame donald charlie1 jesus
  christ blessed heaven whatever1 fuckyou fuckoff asshole bitch sexy lovelove money moneymoney
  cash rich gatehouse scalekit letmein123 password1 password12 passw0rd1 qwerty1 qwerty12 abc12345
  iloveyou2 trustme believe beautiful anything nothing something everything unknown random simple
  easy love
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));
