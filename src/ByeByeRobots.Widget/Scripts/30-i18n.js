// Texts in the five languages of the State's procedures; French when the page says nothing.
var TEXTS = {
  fr: {
    checking: 'Vérification de votre envoi…',
    stepUp: 'Vérification supplémentaire en cours, merci de patienter quelques secondes…',
    progress: 'Progression de la vérification',
    passed: 'Vérification réussie.',
    failed: 'Nous n’avons pas pu vérifier votre envoi. Veuillez réessayer.',
    unavailable: 'Le service de vérification ne répond pas pour le moment. Veuillez réessayer.',
    expired: 'La vérification a expiré ; elle sera refaite à l’envoi.',
    retry: 'Réessayer',
    notice: 'Ce formulaire est protégé contre les robots : le rythme de vos interactions est mesuré, les mesures ne sont pas conservées.',
    more: 'En savoir plus'
  },
  de: {
    checking: 'Ihre Übermittlung wird geprüft …',
    stepUp: 'Zusätzliche Prüfung läuft, bitte warten Sie einige Sekunden …',
    progress: 'Fortschritt der Prüfung',
    passed: 'Prüfung erfolgreich.',
    failed: 'Ihre Übermittlung konnte nicht geprüft werden. Bitte versuchen Sie es erneut.',
    unavailable: 'Der Prüfdienst antwortet gerade nicht. Bitte versuchen Sie es erneut.',
    expired: 'Die Prüfung ist abgelaufen; sie wird beim Absenden wiederholt.',
    retry: 'Erneut versuchen',
    notice: 'Dieses Formular ist gegen Roboter geschützt: Der Rhythmus Ihrer Eingaben wird gemessen, die Messungen werden nicht aufbewahrt.',
    more: 'Mehr erfahren'
  },
  lb: {
    checking: 'Är Ufro gëtt iwwerpréift …',
    stepUp: 'Eng zousätzlech Iwwerpréiwung leeft, waart w.e.g. e puer Sekonnen …',
    progress: 'Fortschrëtt vun der Iwwerpréiwung',
    passed: 'Iwwerpréiwung gelongen.',
    failed: 'Mir konnten Är Ufro net iwwerpréiwen. Probéiert w.e.g. nach eng Kéier.',
    unavailable: 'De Service fir d’Iwwerpréiwung äntwert de Moment net. Probéiert w.e.g. nach eng Kéier.',
    expired: 'D’Iwwerpréiwung ass ofgelaf; si gëtt beim Schécken nach eng Kéier gemaach.',
    retry: 'Nach eng Kéier probéieren',
    notice: 'Dëse Formulaire ass géint Roboteren geschützt: de Rhythmus vun Ären Agaben gëtt gemooss, d’Miessunge ginn net gehalen.',
    more: 'Méi gewuer ginn'
  },
  en: {
    checking: 'Checking your submission…',
    stepUp: 'Running an extra check, please wait a few seconds…',
    progress: 'Check progress',
    passed: 'Check complete.',
    failed: 'We could not check your submission. Please try again.',
    unavailable: 'The checking service is not responding right now. Please try again.',
    expired: 'The check has expired; it will run again when you submit.',
    retry: 'Try again',
    notice: 'This form is protected against robots: the rhythm of your interactions is measured, the measurements are not kept.',
    more: 'Learn more'
  },
  pt: {
    checking: 'A verificar o seu envio…',
    stepUp: 'Verificação adicional em curso, aguarde alguns segundos…',
    progress: 'Progresso da verificação',
    passed: 'Verificação concluída.',
    failed: 'Não foi possível verificar o seu envio. Tente novamente.',
    unavailable: 'O serviço de verificação não está a responder. Tente novamente.',
    expired: 'A verificação expirou; será repetida no envio.',
    retry: 'Tentar novamente',
    notice: 'Este formulário está protegido contra robôs: o ritmo das suas interações é medido, as medições não são guardadas.',
    more: 'Saber mais'
  }
};

function languageOf(container, requested) {
  var lang = requested || (container.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
  lang = lang.toLowerCase().split('-')[0];
  return TEXTS[lang] ? lang : 'fr';
}
